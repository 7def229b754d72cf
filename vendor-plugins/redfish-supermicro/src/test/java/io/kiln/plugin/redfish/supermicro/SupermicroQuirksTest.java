package io.kiln.plugin.redfish.supermicro;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kiln.plugin.redfish.RedfishPlugin;
import io.kiln.plugin.redfish.RedfishQuirks;
import io.kiln.plugin.redfish.ScriptedBmc;
import io.kiln.spi.vendor.BmcEndpoint;
import io.kiln.spi.vendor.BmcTarget;
import io.kiln.spi.vendor.Credentials;
import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Supermicro's quirks change what the client sends: the insert action gets the Image only. */
class SupermicroQuirksTest {
    static final String CD = "/redfish/v1/Managers/1/VirtualMedia/CD1";
    static final String INSERT = CD + "/Actions/VirtualMedia.InsertMedia";
    final RedfishPlugin smc = new RedfishPlugin(SupermicroQuirks.QUIRKS);
    final RedfishPlugin generic = new RedfishPlugin(RedfishQuirks.generic());
    ScriptedBmc bmc;

    @AfterEach
    void stop() {
        smc.close();
        generic.close();
        if (bmc != null) bmc.close();
    }

    BmcTarget target() {
        return new BmcTarget(new BmcEndpoint("x12", bmc.base().toString(), "Supermicro", "X12STW-TF", Map.of()), new Credentials("ADMIN", "secret"));
    }

    /** After an eject Supermicro keeps the old image's name but says NotConnected. */
    ScriptedBmc supermicro() throws Exception {
        return ScriptedBmc.oneSystem()
                .resource("/redfish/v1/Managers/1", "{\"Id\":\"1\",\"VirtualMedia\":{\"@odata.id\":\"/redfish/v1/Managers/1/VirtualMedia\"}}")
                .resource("/redfish/v1/Managers/1/VirtualMedia", "{\"Members\":[{\"@odata.id\":\"" + CD + "\"}]}")
                .resource(CD, "{\"Id\":\"CD1\",\"MediaTypes\":[\"CD\",\"DVD\"],\"Image\":\"http://10.0.0.1/old.iso\",\"ImageName\":\"old.iso\","
                        + "\"ConnectedVia\":\"NotConnected\",\"Actions\":{\"#VirtualMedia.InsertMedia\":{\"target\":\"" + INSERT + "\"},"
                        + "\"#VirtualMedia.EjectMedia\":{\"target\":\"" + CD + "/Actions/VirtualMedia.EjectMedia\"}}}")
                .answer("POST", INSERT, 202, null).answer("POST", INSERT, 202, null);
    }

    @Test
    void claimsSupermicro() {
        assertTrue(smc.claim(new BmcEndpoint("n", "https://10.0.0.9", "Supermicro", null, Map.of())).serves());
        assertFalse(smc.claim(new BmcEndpoint("n", "https://10.0.0.9", "Dell Inc.", null, Map.of())).serves());
    }

    @Test
    void insertSendsTheImageOnly() throws Exception {
        bmc = supermicro();
        smc.insertMedia(target(), URI.create("http://10.0.0.1/live.iso"));
        generic.insertMedia(target(), URI.create("http://10.0.0.1/live.iso"));
        var bodies = bmc.seen("POST", INSERT).stream().map(ScriptedBmc.Seen::body).toList();
        assertEquals("{\"Image\":\"http://10.0.0.1/live.iso\"}", bodies.get(0));
        assertEquals("{\"Image\":\"http://10.0.0.1/live.iso\",\"Inserted\":true,\"WriteProtected\":true}", bodies.get(1));
        assertTrue(bmc.seen("POST", CD + "/Actions/VirtualMedia.EjectMedia").isEmpty(), "NotConnected: nothing to eject first");
    }

    @Test
    void ejectOfNotConnectedMediaIsNothingToDo() throws Exception {
        bmc = supermicro();
        smc.ejectMedia(target());
        assertTrue(bmc.seen().stream().filter(s -> !s.path().startsWith("/redfish/v1/SessionService"))
                .noneMatch(s -> s.method().equals("POST") || s.method().equals("PATCH")), bmc.seen().toString());
    }
}
