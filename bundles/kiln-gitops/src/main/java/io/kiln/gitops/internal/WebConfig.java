package io.kiln.gitops.internal;

/**
 * The part of kiln-web's configuration (PID io.kiln.web, described by kiln-web's metatype) that the inventory
 * routes share, so that one setting governs the whole REST API.
 */
public @interface WebConfig {
    String allowedClients() default "127.0.0.0/8,::1";
}
