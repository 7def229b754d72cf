package io.kiln.plugin.redfish.hpe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kiln.plugin.redfish.RedfishPlugin;
import io.kiln.plugin.redfish.RedfishQuirks;
import io.kiln.plugin.redfish.ScriptedBmc;
import io.kiln.redfish.testservice.RedfishTestService;
import io.kiln.spi.vendor.BmcEndpoint;
import io.kiln.spi.vendor.BmcTarget;
import io.kiln.spi.vendor.BootDevice;
import io.kiln.spi.vendor.BootTarget;
import io.kiln.spi.vendor.Credentials;
import io.kiln.spi.vendor.PluginException;
import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** HPE's quirks change what the client asks: iLO-shaped resources, and the test service for SimpleUpdate. */
class HpeQuirksTest {
    static final String SYSTEM = "/redfish/v1/Systems/1";
    static final String CD = "/redfish/v1/Managers/1/VirtualMedia/2";
    final RedfishPlugin hpe = new RedfishPlugin(HpeQuirks.QUIRKS);
    final RedfishPlugin generic = new RedfishPlugin(RedfishQuirks.generic());
    ScriptedBmc bmc;

    @AfterEach
    void stop() {
        hpe.close();
        generic.close();
        if (bmc != null) bmc.close();
    }

    static BmcTarget target(URI base) {
        return new BmcTarget(new BmcEndpoint("dl360", base.toString(), "HPE", "ProLiant DL360 Gen10", Map.of()), new Credentials("admin", "secret"));
    }

    static BmcEndpoint endpoint(String vendor) {
        return new BmcEndpoint("n", "https://10.0.0.7", vendor, null, Map.of());
    }

    @Test
    void claimsHpeBmcs() {
        assertEquals("redfish-hpe", hpe.name());
        assertTrue(hpe.claim(endpoint("HPE")).serves());
        assertTrue(hpe.claim(endpoint("HP")).serves());
        assertTrue(hpe.claim(endpoint("Hewlett Packard Enterprise")).serves());
        assertFalse(hpe.claim(endpoint("Dell Inc.")).serves());
        assertFalse(hpe.claim(endpoint("HPC Systems")).serves());
    }

    /** iLO 5's CD as HPE's docs show it: the OEM actions only. */
    ScriptedBmc ilo() throws Exception {
        return ScriptedBmc.oneSystem()
                .resource("/redfish/v1/Managers/1", "{\"Id\":\"1\",\"VirtualMedia\":{\"@odata.id\":\"/redfish/v1/Managers/1/VirtualMedia\"}}")
                .resource("/redfish/v1/Managers/1/VirtualMedia", "{\"Members\":[{\"@odata.id\":\"/redfish/v1/Managers/1/VirtualMedia/1\"},{\"@odata.id\":\"" + CD + "\"}]}")
                .resource("/redfish/v1/Managers/1/VirtualMedia/1", "{\"Id\":\"1\",\"MediaTypes\":[\"Floppy\",\"USBStick\"],\"Inserted\":false}")
                .resource(CD, "{\"Id\":\"2\",\"Image\":\"\",\"Inserted\":false,\"MediaTypes\":[\"CD\",\"DVD\"],\"Oem\":{\"Hpe\":{\"Actions\":{"
                        + "\"#HpeiLOVirtualMedia.EjectVirtualMedia\":{\"target\":\"" + CD + "/Actions/Oem/Hpe/HpeiLOVirtualMedia.EjectVirtualMedia/\"},"
                        + "\"#HpeiLOVirtualMedia.InsertVirtualMedia\":{\"target\":\"" + CD + "/Actions/Oem/Hpe/HpeiLOVirtualMedia.InsertVirtualMedia/\"}},"
                        + "\"BootOnNextServerReset\":false}},\"WriteProtected\":true}");
    }

    @Test
    void insertsWithTheOemAction() throws Exception {
        bmc = ilo().answer("POST", CD + "/Actions/Oem/Hpe/HpeiLOVirtualMedia.InsertVirtualMedia/", 200,
                "{\"error\":{\"code\":\"iLO.0.10.ExtendedInfo\",\"@Message.ExtendedInfo\":[{\"MessageId\":\"Base.1.4.Success\"}]}}");
        hpe.insertMedia(target(bmc.base()), URI.create("http://10.0.0.1/live.iso"));
        ScriptedBmc.Seen insert = bmc.seen("POST", CD + "/Actions/Oem/Hpe/HpeiLOVirtualMedia.InsertVirtualMedia/").get(0);
        assertEquals("{\"Image\":\"http://10.0.0.1/live.iso\"}", insert.body(), "the OEM action takes the image only");
        assertTrue(bmc.seen("PATCH", CD).isEmpty());
    }

    @Test
    void theGenericPluginFallsBackToPatchWhichILoRefuses() throws Exception {
        bmc = ilo();
        PluginException e = assertThrows(PluginException.class, () -> generic.insertMedia(target(bmc.base()), URI.create("http://10.0.0.1/live.iso")));
        assertTrue(e.getMessage().contains("405 to PATCH " + CD), e.getMessage());
    }

    @Test
    void bootOverrideDuringPostIsTriedAgainThenTransient() throws Exception {
        String post = ScriptedBmc.error("iLO.2.26.UnableToModifyDuringSystemPOST",
                "The value for property BootSourceOverrideTarget cannot be changed while the computer system BIOS is in POST.");
        bmc = ScriptedBmc.oneSystem().answer("PATCH", SYSTEM, 400, post).answer("PATCH", SYSTEM, 200, "{}");
        hpe.setBootDevice(target(bmc.base()), new BootTarget(BootDevice.PXE, null, false));
        assertEquals(2, bmc.seen("PATCH", SYSTEM).size());
        for (int i = 0; i < 4; i++) bmc.answer("PATCH", SYSTEM, 400, post);
        PluginException e = assertThrows(PluginException.class, () -> hpe.setBootDevice(target(bmc.base()), new BootTarget(BootDevice.PXE, null, false)));
        assertTrue(e.isTransient(), "Kiln may try again once the server is through POST");
        assertTrue(e.getMessage().contains("while the computer system BIOS is in POST"), e.getMessage());
    }

    @Test
    void simpleUpdateWithoutTransferProtocol() throws Exception {
        try (RedfishTestService service = RedfishTestService.builder().credentials("admin", "secret").build().start()) {
            BmcTarget t = new BmcTarget(new BmcEndpoint("n", service.baseUri().toString(), "HPE", null, Map.of()), new Credentials("admin", "secret"));
            hpe.update(t, URI.create("http://127.0.0.1:9/fw/ilo5.bin"), false);
            generic.update(t, URI.create("http://127.0.0.1:9/fw/ilo5.bin"), false);
            var bodies = service.requests().stream().filter(r -> r.method().equals("POST") && r.path().contains("SimpleUpdate")).map(r -> r.body()).toList();
            assertEquals(2, bodies.size());
            assertFalse(bodies.get(0).contains("TransferProtocol"), bodies.get(0));
            assertTrue(bodies.get(1).contains("\"TransferProtocol\":\"HTTP\""), bodies.get(1));
        }
    }
}
