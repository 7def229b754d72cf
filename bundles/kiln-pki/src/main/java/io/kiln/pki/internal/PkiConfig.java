package io.kiln.pki.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Configuration of Kiln's PKI (PID {@value #PID}): the server certificate's names, lifetimes, where the keys live. */
@ObjectClassDefinition(id = PkiConfig.PID, name = "Kiln PKI",
        description = "Kiln's CA, the HTTPS server certificate, host client certificates, code signing and access tokens")
public @interface PkiConfig {

    String PID = "io.kiln.pki";

    @AttributeDefinition(required = false, description = "DNS names and IP addresses the server certificate carries besides "
            + "the machine's own (its host name, localhost, 127.0.0.1 and every non-loopback address of its interfaces), "
            + "comma-separated. A change re-issues the server certificate")
    String names() default "";

    @AttributeDefinition(description = "Validity of a host's client certificate, in days (1..397)")
    int hostCertificateDays() default 7;

    @AttributeDefinition(description = "Validity of a host's access token, in hours (1..8760)")
    int tokenHours() default 24;

    @AttributeDefinition(description = "Validity of the server certificate, in days (31..3650); it is re-issued 30 days "
            + "before it expires")
    int serverCertificateDays() default 397;

    @AttributeDefinition(description = "Directory of the CA, server, code-signing and token keys (mode 0700, keys 0600)")
    String directory() default "${karaf.data}/kiln/pki";
}
