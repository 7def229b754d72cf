package io.kiln.redfish.testservice;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Virtual media under Managers/BMC: InsertMedia and EjectMedia. */
class VirtualMediaTest {

    RedfishTestService bmc;
    Client client;
    String cd;

    @BeforeEach
    void start() {
        bmc = RedfishTestService.builder().mockup(Mockup.dir()).build().start();
        client = new Client(bmc.baseUri()).basic("admin", "secret");
        cd = bmc.managerPath() + "/VirtualMedia/CD1";
    }

    @AfterEach
    void stop() {
        bmc.close();
    }

    @Test
    void managerListsItsVirtualMediaAndEveryIdMatchesItsPath() {
        JsonNode manager = client.get(bmc.managerPath()).json();
        String collection = manager.path("VirtualMedia").path("@odata.id").asText();
        assertEquals("/redfish/v1/Managers/BMC/VirtualMedia", collection);
        JsonNode members = client.get(collection).json().path("Members");
        assertEquals(2, members.size());
        for (JsonNode m : members) {
            String path = m.path("@odata.id").asText();
            JsonNode media = client.get(path).json();
            assertEquals(path, media.path("@odata.id").asText());
            assertEquals(path + "/Actions/VirtualMedia.InsertMedia",
                    media.path("Actions").path("#VirtualMedia.InsertMedia").path("target").asText());
            assertEquals(200, client.get(media.path("Certificates").path("@odata.id").asText()).status());
        }
        Map<String, String> none = new HashMap<>();
        none.put("CD1", null);
        none.put("Floppy1", null);
        assertEquals(none, bmc.virtualMedia(), "nothing inserted at start");
        assertEquals(404, client.get(bmc.systemPath() + "/VirtualMedia").status(), "moved to the manager");
    }

    @Test
    void insertThenEject() {
        Client.Answer insert = client.post(cd + "/Actions/VirtualMedia.InsertMedia",
                "{\"Image\":\"http://127.0.0.1:8080/boot.iso\",\"Inserted\":true,\"WriteProtected\":true}");
        assertEquals(204, insert.status());
        assertEquals("http://127.0.0.1:8080/boot.iso", bmc.virtualMedia().get("CD1"));
        JsonNode media = client.get(cd).json();
        assertTrue(media.path("Inserted").asBoolean());
        assertEquals("URI", media.path("ConnectedVia").asText());
        assertEquals("boot.iso", media.path("ImageName").asText());
        assertTrue(media.path("WriteProtected").asBoolean());

        Client.Answer again = client.post(cd + "/Actions/VirtualMedia.InsertMedia", "{\"Image\":\"http://x/other.iso\"}");
        assertEquals(409, again.status(), "eject first, as BMCs require");
        assertEquals("Base.1.8.ResourceInUse", again.messageId());

        assertEquals(204, client.post(cd + "/Actions/VirtualMedia.EjectMedia", "{}").status());
        assertNull(bmc.virtualMedia().get("CD1"));
        media = client.get(cd).json();
        assertEquals("NotConnected", media.path("ConnectedVia").asText());
        assertTrue(media.path("Image").isNull());
        assertEquals(204, client.post(cd + "/Actions/VirtualMedia.EjectMedia", null).status(), "an empty body too");
    }

    @Test
    void insertValidatesItsParameters() {
        String insert = cd + "/Actions/VirtualMedia.InsertMedia";
        assertEquals("Base.1.8.ActionParameterMissing", client.post(insert, "{\"Inserted\":true}").messageId());
        assertEquals("Base.1.8.ActionParameterValueTypeError",
                client.post(insert, "{\"Image\":\"http://x/a.iso\",\"WriteProtected\":\"no\"}").messageId());
        assertEquals("Base.1.8.ActionParameterValueNotInList",
                client.post(insert, "{\"Image\":\"nfs://x/a.iso\",\"TransferProtocolType\":\"NFS\"}").messageId());
        assertNull(bmc.virtualMedia().get("CD1"));
        assertEquals(404, client.post(bmc.managerPath() + "/VirtualMedia/USB9/Actions/VirtualMedia.InsertMedia",
                "{\"Image\":\"http://x/a.iso\"}").status());
    }

    @Test
    void etagOfTheMediaChangesWithIt() {
        String before = client.get(cd).header("ETag");
        client.post(cd + "/Actions/VirtualMedia.InsertMedia", "{\"Image\":\"http://x/a.iso\"}");
        String after = client.get(cd).header("ETag");
        assertTrue(!before.equals(after), before + " " + after);
    }
}
