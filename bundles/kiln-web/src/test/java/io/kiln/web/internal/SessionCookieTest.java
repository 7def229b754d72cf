package io.kiln.web.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SessionCookieTest {
    @Test
    void httpOnlyStrictAndSecureOverHttps() {
        String plain = SessionCookie.set("abc", false);
        assertEquals("KILN_SESSION=abc; Path=/; HttpOnly; SameSite=Strict", plain);
        assertTrue(SessionCookie.set("abc", true).endsWith("; Secure"));
        assertTrue(SessionCookie.clear(false).contains("Max-Age=0"));
        assertFalse(SessionCookie.clear(false).contains("Secure"));
    }

    @Test
    void theIdAmongOtherCookies() {
        assertEquals("abc", SessionCookie.id("theme=dark; KILN_SESSION=abc; other=1"));
        assertEquals("abc", SessionCookie.id("KILN_SESSION=abc"));
        assertNull(SessionCookie.id("NOT_KILN_SESSION=abc"));
        assertNull(SessionCookie.id("KILN_SESSION="));
        assertNull(SessionCookie.id(null));
    }
}
