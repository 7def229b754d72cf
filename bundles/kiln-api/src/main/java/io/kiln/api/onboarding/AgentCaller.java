package io.kiln.api.onboarding;

import java.security.cert.X509Certificate;

/**
 * Who is calling the agent API: the client certificate the TLS handshake saw and the bearer token.
 *
 * @param certificate the client certificate, or null when none was presented
 * @param token       the bearer token, or null
 * @param address     where the call came from
 */
public record AgentCaller(X509Certificate certificate, String token, String address) {
}
