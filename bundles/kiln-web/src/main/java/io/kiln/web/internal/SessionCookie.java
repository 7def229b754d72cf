package io.kiln.web.internal;

/**
 * The console's session cookie: HttpOnly (scripts never see the id), SameSite=Strict (no other site's page sends it),
 * Secure when the login came over HTTPS, for the whole origin (the console and /api/v1 share it).
 */
final class SessionCookie {
    static final String NAME = "KILN_SESSION";

    private SessionCookie() {
    }

    /** The Set-Cookie value that gives the browser {@code id}. */
    static String set(String id, boolean secure) {
        return NAME + "=" + id + "; Path=/; HttpOnly; SameSite=Strict" + (secure ? "; Secure" : "");
    }

    /** The Set-Cookie value that removes it. */
    static String clear(boolean secure) {
        return NAME + "=; Path=/; Max-Age=0; HttpOnly; SameSite=Strict" + (secure ? "; Secure" : "");
    }

    /** The session id in a Cookie header, or null. */
    static String id(String cookieHeader) {
        if (cookieHeader == null) return null;
        for (String part : cookieHeader.split(";")) {
            String c = part.trim();
            if (c.startsWith(NAME + "=")) {
                String v = c.substring(NAME.length() + 1);
                return v.isEmpty() ? null : v;
            }
        }
        return null;
    }
}
