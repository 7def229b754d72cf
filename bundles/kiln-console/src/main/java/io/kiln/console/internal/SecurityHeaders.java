package io.kiln.console.internal;

import java.util.Map;

/**
 * The headers every console answer carries: scripts and styles from the console only (no inline script, so an
 * injected tag cannot run), no framing (clickjacking), no MIME sniffing, no Referer leaking host names.
 */
final class SecurityHeaders {
    static final String CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
            + "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    static final Map<String, String> ALL = Map.of("Content-Security-Policy", CSP, "X-Content-Type-Options", "nosniff",
            "Referrer-Policy", "no-referrer", "X-Frame-Options", "DENY", "Cross-Origin-Opener-Policy", "same-origin");

    private SecurityHeaders() {
    }
}
