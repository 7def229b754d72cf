package io.kiln.web.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kiln.api.rest.ApiProblem;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SessionsTest {
    /** A clock the test moves. */
    static final class Ticking extends Clock {
        Instant now = Instant.parse("2026-01-01T00:00:00Z");

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }

    private static final Map<String, String> PASSWORDS = Map.of("karaf", "karaf", "ops", "s3cret-pass", "eve", "watching1");
    private static final Map<String, Set<String>> ROLES = Map.of("karaf", Set.of("admin"), "ops", Set.of("manager"), "eve", Set.of("viewer"));

    private final Ticking clock = new Ticking();
    private final Sessions sessions = new Sessions(new SessionSettings(Duration.ofMinutes(30), Duration.ofHours(2), 3),
            (u, p) -> new String(p).equals(PASSWORDS.get(u)) ? ROLES.get(u) : null, clock);

    @Test
    void theShippedPasswordMustBeChanged() {
        assertTrue(sessions.login("10.0.0.1", "karaf", "karaf".toCharArray()).mustChangePassword());
        Session ops = sessions.login("10.0.0.1", "ops", "s3cret-pass".toCharArray());
        assertFalse(ops.mustChangePassword());
        assertTrue(ops.mayWrite());
    }

    @Test
    void aChangedPasswordFreesTheUsersSessions() {
        Session s = sessions.login("10.0.0.1", "karaf", "karaf".toCharArray());
        sessions.passwordChanged("karaf");
        assertFalse(sessions.find(s.id()).orElseThrow().mustChangePassword());
    }

    @Test
    void viewersRead() {
        Session s = sessions.login("10.0.0.1", "eve", "watching1".toCharArray());
        assertTrue(s.mayRead());
        assertFalse(s.mayWrite());
    }

    @Test
    void tokensAreUnguessableAndDistinct() {
        Session a = sessions.login("10.0.0.1", "ops", "s3cret-pass".toCharArray());
        Session b = sessions.login("10.0.0.1", "ops", "s3cret-pass".toCharArray());
        assertNotEquals(a.id(), b.id());
        assertNotEquals(a.id(), a.csrfToken());
        assertTrue(a.id().length() >= 43, a.id());
        assertTrue(a.csrfMatches(a.csrfToken()));
        assertFalse(a.csrfMatches(b.csrfToken()));
        assertFalse(a.csrfMatches(null));
        assertFalse(a.view(Instant.EPOCH).containsValue(a.id()), "the id is the cookie's only");
    }

    @Test
    void anIdleSessionEnds() {
        Session s = sessions.login("10.0.0.1", "ops", "s3cret-pass".toCharArray());
        clock.now = clock.now.plus(Duration.ofMinutes(29));
        assertTrue(sessions.find(s.id()).isPresent());
        clock.now = clock.now.plus(Duration.ofMinutes(29)); // used a moment ago: still alive
        assertTrue(sessions.find(s.id()).isPresent());
        clock.now = clock.now.plus(Duration.ofMinutes(30));
        assertTrue(sessions.find(s.id()).isEmpty());
    }

    @Test
    void aBusySessionEndsAtItsLifetime() {
        Session s = sessions.login("10.0.0.1", "ops", "s3cret-pass".toCharArray());
        for (int i = 0; i < 5; i++) {
            clock.now = clock.now.plus(Duration.ofMinutes(20));
            assertTrue(sessions.find(s.id()).isPresent(), "after " + (i + 1) * 20 + " min");
        }
        clock.now = clock.now.plus(Duration.ofMinutes(20)); // 2 h after the login
        assertTrue(sessions.find(s.id()).isEmpty());
    }

    @Test
    void loggedOutIsGone() {
        Session s = sessions.login("10.0.0.1", "ops", "s3cret-pass".toCharArray());
        sessions.logout(s.id());
        assertTrue(sessions.find(s.id()).isEmpty());
        assertTrue(sessions.find(null).isEmpty());
    }

    @Test
    void failedLoginsAreThrottledPerAddress() {
        for (int i = 0; i < 3; i++) {
            ApiProblem p = assertThrows(ApiProblem.class, () -> sessions.login("10.0.0.9", "ops", "guess".toCharArray()));
            assertEquals(401, p.status());
        }
        ApiProblem p = assertThrows(ApiProblem.class, () -> sessions.login("10.0.0.9", "ops", "s3cret-pass".toCharArray()));
        assertEquals(429, p.status(), "even the right password waits");
        assertEquals("60", p.headers().get("Retry-After"));
        // another address is not held up
        assertTrue(sessions.login("10.0.0.10", "ops", "s3cret-pass".toCharArray()).mayWrite());
        clock.now = clock.now.plus(Duration.ofSeconds(61));
        assertTrue(sessions.login("10.0.0.9", "ops", "s3cret-pass".toCharArray()).mayWrite());
    }

    @Test
    void failedBasicLoginsCountTowardTheSameLimit() {
        // two wrong passwords over HTTP Basic and one in the console: the limit (3 a minute) is reached
        sessions.basicLoginFailed("10.0.0.7", "ops");
        sessions.basicLoginFailed("10.0.0.7", "ops");
        sessions.refuseWhileThrottled("10.0.0.7"); // not yet
        assertEquals(401, assertThrows(ApiProblem.class, () -> sessions.login("10.0.0.7", "ops", "guess".toCharArray())).status());
        ApiProblem basic = assertThrows(ApiProblem.class, () -> sessions.refuseWhileThrottled("10.0.0.7"));
        assertEquals(429, basic.status());
        assertEquals("60", basic.headers().get("Retry-After"));
        assertEquals("too many failed logins from 10.0.0.7: try again in 60 s", basic.getMessage());
        assertEquals(429, assertThrows(ApiProblem.class, () -> sessions.login("10.0.0.7", "ops", "s3cret-pass".toCharArray())).status());
        clock.now = clock.now.plus(Duration.ofSeconds(20));
        assertEquals("40", assertThrows(ApiProblem.class, () -> sessions.refuseWhileThrottled("10.0.0.7")).headers().get("Retry-After"));
        sessions.refuseWhileThrottled("10.0.0.8"); // another address is not held up
        clock.now = clock.now.plus(Duration.ofSeconds(41));
        sessions.refuseWhileThrottled("10.0.0.7");
        // and Basic failures alone reach it too
        for (int i = 0; i < 3; i++) sessions.basicLoginFailed("10.0.0.8", "ops");
        assertEquals(429, assertThrows(ApiProblem.class, () -> sessions.refuseWhileThrottled("10.0.0.8")).status());
    }

    @Test
    void aUserWithoutAConsoleRoleIsRefused() {
        Sessions s = new Sessions(SessionSettings.DEFAULT, (u, p) -> Set.of("ssh"), clock);
        assertEquals(403, assertThrows(ApiProblem.class, () -> s.login("10.0.0.1", "x", "y".toCharArray())).status());
    }
}
