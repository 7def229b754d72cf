package io.kiln.web.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.kiln.api.security.ApiAccess.Decision;
import io.kiln.api.status.Health;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ApiAccessImplTest {
    private static final ApiAuth ANYONE = (authorization, write) -> ApiAuth.Result.OK;

    /** A refused list: the one line kiln:status shows, and only this machine is let in (never everyone, never no one). */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "10.0.0.0/33       | 10.0.0.0/33",
            "127.0.0.0/8,banana| banana",
            "10.0.0.0/x        | 10.0.0.0/x",
            "192.0.2.0/24 ; ::1| 192.0.2.0/24 ; ::1"})
    void aBadListFallsBackToThisMachineOnly(String spec, String entry) {
        ApiAccessImpl access = new ApiAccessImpl(Map.of("allowedClients", spec), ANYONE);
        assertEquals(Health.degraded("etc/io.kiln.web.cfg: allowedClients = '" + spec.trim() + "' is not a comma-separated list of IP "
                + "addresses or CIDR blocks, or * ('" + entry + "' is neither), so only this machine may use the REST API until it is fixed"),
                access.health());
        assertEquals(Decision.ALLOWED, access.check("127.0.0.1", null, false));
        assertEquals(Decision.ALLOWED, access.check("0:0:0:0:0:0:0:1", null, false));
        assertEquals(Decision.CLIENT_REFUSED, access.check("192.0.2.7", null, false));
        assertEquals("rest", access.subsystem());
    }

    @Test
    void aChangeIsAppliedInPlaceAndHeals() {
        ApiAccessImpl access = new ApiAccessImpl(Map.of("allowedClients", "nonsense"), ANYONE);
        assertEquals(Decision.CLIENT_REFUSED, access.check("192.0.2.7", null, false));
        access.modified(Map.of("allowedClients", "127.0.0.0/8,192.0.2.0/24", "service.pid", "io.kiln.web"));
        assertEquals(Decision.ALLOWED, access.check("192.0.2.7", null, false));
        assertEquals(Health.up(), access.health());
        access.modified(Map.of("allowedClient", "*"));
        assertEquals(Decision.CLIENT_REFUSED, access.check("192.0.2.7", null, false), "a misspelt key leaves the default");
        assertEquals(Health.degraded("etc/io.kiln.web.cfg: unknown key 'allowedClient' ignored (known: allowedClients, maxEventStreams, session\\..+, login\\..+)"), access.health());
    }

    /** Installing code needs the admin role: a manager may write but not upload a plugin; and only from allowed clients. */
    @org.junit.jupiter.api.Test
    void aPluginUploadNeedsAnAdmin() {
        ApiAuth manager = new ApiAuth() {
            @Override public Result check(String authorization, boolean write) { return Result.OK; }
            @Override public Result checkAdmin(String authorization) { return "Basic admin".equals(authorization) ? Result.OK : Result.FORBIDDEN; }
        };
        ApiAccessImpl access = new ApiAccessImpl(java.util.Map.of(), manager);
        assertEquals(Decision.ALLOWED, access.check("127.0.0.1", "Basic manager", true));
        assertEquals(Decision.FORBIDDEN, access.checkAdmin("127.0.0.1", "Basic manager"));
        assertEquals(Decision.ALLOWED, access.checkAdmin("127.0.0.1", "Basic admin"));
        assertEquals(Decision.CLIENT_REFUSED, access.checkAdmin("192.0.2.7", "Basic admin"));
        assertEquals(ApiAuth.Result.FORBIDDEN, ANYONE.checkAdmin("x"), "an ApiAuth that knows no roles lets nobody install code");
    }
}
