package io.kiln.plugin.redfish.dell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kiln.plugin.redfish.RedfishPlugin;
import io.kiln.plugin.redfish.RedfishQuirks;
import io.kiln.plugin.redfish.ScriptedBmc;
import io.kiln.spi.vendor.BmcEndpoint;
import io.kiln.spi.vendor.BmcTarget;
import io.kiln.spi.vendor.Credentials;
import io.kiln.spi.vendor.PluginException;
import io.kiln.spi.vendor.PowerState;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Dell's quirks change what the client asks: the same scripted BMC, the Dell plugin against the generic one. */
class DellQuirksTest {
    static final String SYSTEM = "/redfish/v1/Systems/1";
    final RedfishPlugin dell = new RedfishPlugin(DellQuirks.QUIRKS);
    final RedfishPlugin generic = new RedfishPlugin(RedfishQuirks.generic());
    ScriptedBmc bmc;

    @AfterEach
    void stop() {
        dell.close();
        generic.close();
        if (bmc != null) bmc.close();
    }

    BmcTarget target() {
        return new BmcTarget(new BmcEndpoint("r650", bmc.base().toString(), "Dell Inc.", "PowerEdge R650", Map.of()), new Credentials("root", "calvin"));
    }

    static BmcEndpoint endpoint(String address, String vendor) {
        return new BmcEndpoint("n", address, vendor, "PowerEdge R650", Map.of());
    }

    @Test
    void claimsDellBmcsAtRedfishAddresses() {
        assertEquals("redfish-dell", dell.name());
        assertTrue(dell.claim(endpoint("https://10.0.0.5", "Dell Inc.")).serves());
        assertTrue(dell.claim(endpoint("redfish://10.0.0.5", "Dell Inc.")).why().contains("'Dell Inc.' (PowerEdge R650) matches"));
        assertFalse(dell.claim(endpoint("https://10.0.0.5", "HPE")).serves());
        assertFalse(dell.claim(endpoint("https://10.0.0.5", "Dellwood Systems")).serves(), "a word, not a prefix");
        assertFalse(dell.claim(endpoint("https://10.0.0.5", null)).serves());
        assertFalse(dell.claim(endpoint("ipmi://10.0.0.5", "Dell Inc.")).serves());
        assertEquals(dell.hostProperties().keySet(), generic.hostProperties().keySet(), "the same per-host properties");
    }

    @Test
    void sys518IsBusyAndTriedAgain() throws Exception {
        bmc = ScriptedBmc.oneSystem().answer("GET", SYSTEM, 500, ScriptedBmc.error("IDRAC.2.8.SYS518", "iDRAC is busy."));
        assertEquals(PowerState.ON, dell.powerState(target()));
        assertEquals(2, bmc.seen("GET", SYSTEM).size());
    }

    @Test
    void theGenericPluginTakesSys518AsAnError() throws Exception {
        bmc = ScriptedBmc.oneSystem().answer("GET", SYSTEM, 500, ScriptedBmc.error("IDRAC.2.8.SYS518", "iDRAC is busy."));
        PluginException e = assertThrows(PluginException.class, () -> generic.powerState(target()));
        assertTrue(e.getMessage().contains("iDRAC is busy. (IDRAC.2.8.SYS518)"), e.getMessage());
        assertFalse(e.isTransient());
    }

    @Test
    void noSessionLeftMeansBasicAtOnce() throws Exception {
        bmc = ScriptedBmc.oneSystem();
        for (int i = 0; i < 4; i++) {
            bmc.answer("POST", "/redfish/v1/SessionService/Sessions", 503, ScriptedBmc.error("IDRAC.2.4.RAC0218", "The maximum number of user sessions is reached."));
        }
        assertEquals(PowerState.ON, dell.powerState(target()));
        assertEquals(1, bmc.seen("POST", "/redfish/v1/SessionService/Sessions").size(), "no retries of the login");
        assertEquals("BASIC", bmc.seen("GET", SYSTEM).get(0).auth());
    }

    @Test
    void virtualMediaUnderTheSystemFirst() throws Exception {
        String cd = "{\"Id\":\"CD\",\"MediaTypes\":[\"CD\",\"DVD\"],\"Inserted\":false,\"Actions\":{\"#VirtualMedia.InsertMedia\":{\"target\":\"%s/Actions/VirtualMedia.InsertMedia\"}}}";
        bmc = ScriptedBmc.oneSystem()
                .resource(SYSTEM, "{\"Id\":\"1\",\"PowerState\":\"On\",\"VirtualMedia\":{\"@odata.id\":\"/redfish/v1/Systems/1/VirtualMedia\"},"
                        + "\"Links\":{\"ManagedBy\":[{\"@odata.id\":\"/redfish/v1/Managers/1\"}]}}")
                .resource("/redfish/v1/Systems/1/VirtualMedia", "{\"Members\":[{\"@odata.id\":\"/redfish/v1/Systems/1/VirtualMedia/1\"}]}")
                .resource("/redfish/v1/Systems/1/VirtualMedia/1", String.format(cd, "/redfish/v1/Systems/1/VirtualMedia/1"))
                .resource("/redfish/v1/Managers/1", "{\"Id\":\"1\",\"VirtualMedia\":{\"@odata.id\":\"/redfish/v1/Managers/1/VirtualMedia\"}}")
                .resource("/redfish/v1/Managers/1/VirtualMedia", "{\"Members\":[{\"@odata.id\":\"/redfish/v1/Managers/1/VirtualMedia/CD\"}]}")
                .resource("/redfish/v1/Managers/1/VirtualMedia/CD", String.format(cd, "/redfish/v1/Managers/1/VirtualMedia/CD"))
                .answer("POST", "/redfish/v1/Systems/1/VirtualMedia/1/Actions/VirtualMedia.InsertMedia", 204, null)
                .answer("POST", "/redfish/v1/Managers/1/VirtualMedia/CD/Actions/VirtualMedia.InsertMedia", 204, null);
        dell.insertMedia(target(), URI.create("http://10.0.0.1/live.iso"));
        generic.insertMedia(target(), URI.create("http://10.0.0.1/live.iso"));
        List<String> inserts = bmc.seen().stream().filter(s -> s.method().equals("POST") && s.path().endsWith("InsertMedia")).map(ScriptedBmc.Seen::path).toList();
        assertEquals(List.of("/redfish/v1/Systems/1/VirtualMedia/1/Actions/VirtualMedia.InsertMedia",
                "/redfish/v1/Managers/1/VirtualMedia/CD/Actions/VirtualMedia.InsertMedia"), inserts, "Dell: the system's; generic: the manager's");
    }
}
