package io.kiln.api.pki;

import java.time.Instant;

/**
 * An access token issued to a host.
 *
 * @param token     the JWT (compact form)
 * @param expires   its expiry
 */
public record HostToken(String token, Instant expires) {
}
