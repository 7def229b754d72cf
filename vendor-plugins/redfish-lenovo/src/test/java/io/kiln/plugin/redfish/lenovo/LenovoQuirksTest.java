package io.kiln.plugin.redfish.lenovo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kiln.plugin.redfish.RedfishPlugin;
import io.kiln.plugin.redfish.RedfishQuirks;
import io.kiln.plugin.redfish.ScriptedBmc;
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

/** Lenovo's quirks change what the client asks: the EXT media, and no disk boot override. */
class LenovoQuirksTest {
    static final String MEDIA = "/redfish/v1/Managers/1/VirtualMedia";
    final RedfishPlugin lenovo = new RedfishPlugin(LenovoQuirks.QUIRKS);
    final RedfishPlugin generic = new RedfishPlugin(RedfishQuirks.generic());
    ScriptedBmc bmc;

    @AfterEach
    void stop() {
        lenovo.close();
        generic.close();
        if (bmc != null) bmc.close();
    }

    BmcTarget target() {
        return new BmcTarget(new BmcEndpoint("sr645", bmc.base().toString(), "Lenovo", "ThinkSystem SR645 V3", Map.of()), new Credentials("USERID", "secret"));
    }

    static String cd(String id) {
        return "{\"Id\":\"" + id + "\",\"MediaTypes\":[\"CD\",\"DVD\"],\"Inserted\":false,\"Actions\":{\"#VirtualMedia.InsertMedia\":{\"target\":\""
                + MEDIA + "/" + id + "/Actions/VirtualMedia.InsertMedia\"}}}";
    }

    /** XCC's predefined members, RDOC first. */
    ScriptedBmc xcc() throws Exception {
        ScriptedBmc b = ScriptedBmc.oneSystem()
                .resource("/redfish/v1/Managers/1", "{\"Id\":\"1\",\"VirtualMedia\":{\"@odata.id\":\"" + MEDIA + "\"}}")
                .resource(MEDIA, "{\"Members\":[{\"@odata.id\":\"" + MEDIA + "/RDOC1\"},{\"@odata.id\":\"" + MEDIA + "/RDOC2\"},{\"@odata.id\":\""
                        + MEDIA + "/EXT1\"}]}");
        for (String id : new String[] {"RDOC1", "RDOC2", "EXT1"}) b.resource(MEDIA + "/" + id, cd(id));
        return b.answer("POST", MEDIA + "/EXT1/Actions/VirtualMedia.InsertMedia", 204, null);
    }

    @Test
    void claimsLenovo() {
        assertTrue(lenovo.claim(new BmcEndpoint("n", "https://10.0.0.8", "Lenovo", null, Map.of())).serves());
        assertFalse(lenovo.claim(new BmcEndpoint("n", "https://10.0.0.8", "Supermicro", null, Map.of())).serves());
    }

    @Test
    void insertsIntoTheExtMediaNotRdoc() throws Exception {
        bmc = xcc();
        lenovo.insertMedia(target(), URI.create("http://10.0.0.1/live.iso"));
        assertEquals(1, bmc.seen("POST", MEDIA + "/EXT1/Actions/VirtualMedia.InsertMedia").size());
        assertTrue(bmc.seen("GET", MEDIA + "/RDOC1").isEmpty(), "RDOC members are not even read");
        assertThrows(PluginException.class, () -> generic.insertMedia(target(), URI.create("http://10.0.0.1/live.iso")));
        assertEquals(1, bmc.seen("POST", MEDIA + "/RDOC1/Actions/VirtualMedia.InsertMedia").size(), "the generic plugin takes the first CD");
    }

    @Test
    void aDiskBootIsLeftToTheFirmware() throws Exception {
        bmc = ScriptedBmc.oneSystem().answer("PATCH", "/redfish/v1/Systems/1", 200, "{}");
        lenovo.setBootDevice(target(), new BootTarget(BootDevice.DISK, null, true));
        assertTrue(bmc.seen().isEmpty(), "nothing sent for DISK");
        lenovo.setBootDevice(target(), new BootTarget(BootDevice.PXE, null, false));
        assertEquals(1, bmc.seen("PATCH", "/redfish/v1/Systems/1").size(), "other devices as usual");
    }
}
