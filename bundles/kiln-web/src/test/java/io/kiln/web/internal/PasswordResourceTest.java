package io.kiln.web.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kiln.api.rest.ApiRequest;
import io.kiln.api.rest.ApiResponse;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class PasswordResourceTest {
    private final Map<String, String> passwords = new HashMap<>(Map.of("karaf", "karaf", "eve", "watching1"));
    private final Map<String, Set<String>> roles = Map.of("karaf", Set.of("admin"), "eve", Set.of("viewer"));
    private final UserPasswords users = new UserPasswords() {
        @Override
        public boolean exists(String user) {
            return passwords.containsKey(user);
        }

        @Override
        public Set<String> roles(String user) {
            return roles.getOrDefault(user, Set.of());
        }

        @Override
        public boolean matches(String user, String password) {
            return password.equals(passwords.get(user));
        }

        @Override
        public void set(String user, String password) {
            passwords.put(user, password);
        }
    };
    private final Sessions sessions = new Sessions(SessionSettings.DEFAULT,
            (u, p) -> new String(p).equals(passwords.get(u)) ? roles.get(u) : null, Clock.systemUTC());
    private final ApiRouter router = new ApiRouter();

    PasswordResourceTest() {
        router.add(new PasswordResource(users, sessions), "users/*/password");
    }

    private ApiResponse put(String caller, String target, String body) {
        ApiRequest c = Calls.call("PUT", "/users/" + target + "/password", body);
        return router.handle(new ApiRequest(c.method(), c.path(), c.params(), c.headers(), c.body(), caller));
    }

    private static String detail(ApiResponse r) {
        return String.valueOf(((Map<?, ?>) r.body()).get("detail"));
    }

    @Test
    void aUserChangesTheirOwnAndTheSessionIsFreed() {
        Session s = sessions.login("127.0.0.1", "karaf", "karaf".toCharArray());
        assertEquals(200, put("karaf", "karaf", "{\"current\":\"karaf\",\"new\":\"kiln-admin-1\"}").status());
        assertEquals("kiln-admin-1", passwords.get("karaf"));
        assertFalse(sessions.find(s.id()).orElseThrow().mustChangePassword());
    }

    @Test
    void theCurrentPasswordIsChecked() {
        ApiResponse r = put("eve", "eve", "{\"current\":\"wrong-one\",\"new\":\"watching2\"}");
        assertEquals(403, r.status());
        assertEquals("the current password is wrong", detail(r));
        assertEquals("watching1", passwords.get("eve"));
    }

    @Test
    void anAdminChangesOthersWithoutTheirPassword() {
        assertEquals(200, put("karaf", "eve", "{\"new\":\"watching2\"}").status());
        assertEquals("watching2", passwords.get("eve"));
    }

    @Test
    void aViewerMayNotChangeOthers() {
        ApiResponse r = put("eve", "karaf", "{\"new\":\"takeover99\"}");
        assertEquals(403, r.status());
        assertEquals("karaf", passwords.get("karaf"));
    }

    @Test
    void unknownUser() {
        assertEquals(404, put("karaf", "nobody", "{\"new\":\"whatever99\"}").status());
    }

    @ParameterizedTest
    @CsvSource({"short1, at least 8 characters", "eveeveEVE, ''", "watching1, differ from the current one"})
    void policy(String next, String why) {
        String n = next.equals("eveeveEVE") ? "EVE" : next;
        // a name long enough to pass the length rule
        passwords.put("evelynne", "watching1");
        ApiResponse r = put("evelynne", "evelynne", "{\"current\":\"watching1\",\"new\":\"" + (n.equals("EVE") ? "EVELYNNE" : n) + "\"}");
        assertEquals(400, r.status());
        assertTrue(detail(r).contains(why.isEmpty() ? "must not be the user name" : why), detail(r));
        assertFalse(String.valueOf(r.body()).contains(n), "never echoed");
    }

    @Test
    void onlyPut() {
        ApiRequest c = Calls.call("POST", "/users/karaf/password", "{}");
        assertEquals(405, router.handle(c).status());
    }
}
