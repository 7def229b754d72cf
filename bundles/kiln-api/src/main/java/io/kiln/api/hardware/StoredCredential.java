package io.kiln.api.hardware;

/**
 * A stored BMC login as operators see it: never its password.
 *
 * @param name     what hosts call it
 * @param username the BMC user
 */
public record StoredCredential(String name, String username) {
}
