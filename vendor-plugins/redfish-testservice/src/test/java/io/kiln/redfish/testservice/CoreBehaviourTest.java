package io.kiln.redfish.testservice;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The service root, authentication, sessions, ETags, PATCH of Boot and ComputerSystem.Reset. */
class CoreBehaviourTest {

    RedfishTestService bmc;
    Client client;
    String system;

    @BeforeEach
    void start() {
        bmc = RedfishTestService.builder().mockup(Mockup.dir()).credentials("admin", "secret").build().start();
        client = new Client(bmc.baseUri());
        system = bmc.systemPath();
    }

    @AfterEach
    void stop() {
        bmc.close();
    }

    @Test
    void serviceRootAndVersionsNeedNoCredentials() {
        assertEquals("http", bmc.baseUri().getScheme());
        assertEquals("127.0.0.1", bmc.baseUri().getHost());
        Client.Answer versions = client.get("/redfish");
        assertEquals(200, versions.status());
        assertEquals("/redfish/v1/", versions.json().path("v1").asText());
        Client.Answer root = client.get("/redfish/v1/");
        assertEquals(200, root.status());
        assertEquals("/redfish/v1/SessionService/Sessions", root.json().path("Links").path("Sessions")
                .path("@odata.id").asText());
        assertEquals(200, client.get("/redfish/v1").status());
    }

    @Test
    void everythingElseNeedsCredentials() {
        Client.Answer a = client.get(system);
        assertEquals(401, a.status());
        assertTrue(a.header("WWW-Authenticate").startsWith("Basic"), a.header("WWW-Authenticate"));
        assertEquals("Base.1.8.NoValidSession", a.messageId());
        assertEquals(401, client.basic("admin", "wrong").get(system).status());
        Client.Answer ok = client.basic("admin", "secret").get(system);
        assertEquals(200, ok.status());
        assertEquals("437XR1138R2", ok.json().path("Id").asText());
        assertEquals(system, ok.json().path("@odata.id").asText());
    }

    @Test
    void sessionLoginGivesATokenAndLogoutEndsIt() {
        Client.Answer login = client.login("admin", "secret");
        assertEquals(201, login.status());
        String location = login.header("Location");
        assertTrue(location.startsWith("/redfish/v1/SessionService/Sessions/"), location);
        assertNotNull(client.token);
        assertEquals("admin", login.json().path("UserName").asText());
        assertEquals(200, client.get(system).status());
        JsonNode members = client.get("/redfish/v1/SessionService/Sessions").json().path("Members");
        assertEquals(1, members.size());
        assertEquals(location, members.get(0).path("@odata.id").asText());

        assertEquals(204, client.delete(location).status());
        assertEquals(401, client.get(system).status());
        List<RecordedRequest.Auth> auths = bmc.requests().stream().map(RecordedRequest::auth).toList();
        assertEquals(List.of(RecordedRequest.Auth.NONE, RecordedRequest.Auth.SESSION, RecordedRequest.Auth.SESSION,
                RecordedRequest.Auth.SESSION, RecordedRequest.Auth.SESSION), auths);
        assertEquals(401, bmc.requests().get(4).status());
    }

    @Test
    void wrongPasswordGetsNoSession() {
        Client.Answer login = client.login("admin", "nope");
        assertEquals(401, login.status());
        assertEquals(0, client.basic("admin", "secret").get("/redfish/v1/SessionService/Sessions").json()
                .path("Members").size());
    }

    @Test
    void expiredSessionsAre401() {
        client.login("admin", "secret");
        assertEquals(200, client.get(system).status());
        bmc.expireSessions();
        Client.Answer a = client.get(system);
        assertEquals(401, a.status());
        assertEquals("Base.1.8.NoValidSession", a.messageId());
    }

    @Test
    void etagChangesWhenTheResourceChangesAndIfMatchIsHonoured() {
        client.basic("admin", "secret");
        Client.Answer first = client.get(system);
        String etag = first.header("ETag");
        assertTrue(etag.matches("\"[0-9a-f]+\""), etag);
        assertEquals(etag, first.json().path("@odata.etag").asText());
        assertEquals(etag, client.get(system).header("ETag"), "unchanged resource, same ETag");

        Client.Answer stale = client.patch(system, "{\"Boot\":{\"BootSourceOverrideTarget\":\"Pxe\"}}", "\"stale\"");
        assertEquals(412, stale.status());
        assertEquals("Base.1.8.PreconditionFailed", stale.messageId());
        assertEquals("None", bmc.bootOverride().target());

        Client.Answer patched = client.patch(system, "{\"Boot\":{\"BootSourceOverrideTarget\":\"Pxe\","
                + "\"BootSourceOverrideEnabled\":\"Once\",\"BootSourceOverrideMode\":\"UEFI\"}}", etag);
        assertEquals(200, patched.status());
        assertEquals("Pxe", patched.json().path("Boot").path("BootSourceOverrideTarget").asText());
        String after = client.get(system).header("ETag");
        assertNotEquals(etag, after);
        assertEquals(after, patched.header("ETag"));
        assertEquals(new BootOverride("Pxe", "Once", "UEFI", null), bmc.bootOverride());
        assertEquals(412, client.patch(system, "{\"Boot\":{\"BootSourceOverrideTarget\":\"Hdd\"}}", etag).status(),
                "the old ETag no longer matches");
        assertEquals(etag, bmc.requests().stream().filter(r -> r.method().equals("PATCH")).toList().get(1).ifMatch());
    }

    @Test
    void odataAnnotationsInAPatchAreIgnored() {
        client.basic("admin", "secret");
        Client.Answer a = client.patch(system, "{\"@odata.id\":\"" + system + "\",\"@odata.type\":\"#x\","
                + "\"Boot\":{\"BootSourceOverrideTarget\":\"Hdd\"}}", null);
        assertEquals(200, a.status());
        assertEquals("Hdd", bmc.bootOverride().target());
        assertEquals("Base.1.8.MalformedJSON", client.patch(system, "{\"@odata.id\":\"x\"}", null).messageId(),
                "nothing left to change");
    }

    @Test
    void httpBootUriIsKept() {
        client.basic("admin", "secret");
        assertEquals(200, client.patch(system, "{\"Boot\":{\"BootSourceOverrideTarget\":\"UefiHttp\","
                + "\"BootSourceOverrideEnabled\":\"Continuous\",\"HttpBootUri\":\"http://10.0.0.1/boot.efi\"}}", null)
                .status());
        assertEquals(new BootOverride("UefiHttp", "Continuous", "UEFI", "http://10.0.0.1/boot.efi"),
                bmc.bootOverride());
    }

    @ParameterizedTest
    @CsvSource({
        "'{\"Boot\":{\"BootSourceOverrideTarget\":\"Floppy\"}}', Base.1.8.PropertyValueNotInList",
        "'{\"Boot\":{\"BootSourceOverrideEnabled\":\"Twice\"}}', Base.1.8.PropertyValueNotInList",
        "'{\"Boot\":{\"BootSourceOverrideMode\":\"uefi\"}}', Base.1.8.PropertyValueNotInList",
        "'{\"Boot\":{\"BootSourceOverrideTarget\":3}}', Base.1.8.PropertyValueTypeError",
        "'{\"PowerState\":\"Off\"}', Base.1.8.PropertyNotWritable",
        "'{\"Colour\":\"Blue\"}', Base.1.8.PropertyUnknown",
        "'not json', Base.1.8.MalformedJSON",
    })
    void invalidPatchesAre400WithExtendedInfoAndChangeNothing(String body, String messageId) {
        client.basic("admin", "secret");
        Client.Answer a = client.patch(system, body, null);
        assertEquals(400, a.status());
        assertEquals(messageId, a.messageId());
        assertEquals("Base.1.8.GeneralError", a.json().path("error").path("code").asText());
        JsonNode info = a.json().path("error").path("@Message.ExtendedInfo").get(0);
        assertTrue(info.path("Message").asText().length() > 10);
        assertTrue(info.has("Severity") && info.has("Resolution"));
        assertEquals(new BootOverride("None", "Disabled", "UEFI", null), bmc.bootOverride());
        assertEquals("On", bmc.powerState());
    }

    @ParameterizedTest
    @CsvSource({
        "On, On, On", "Off, On, On",
        "On, ForceOff, Off", "On, GracefulShutdown, Off", "Off, ForceOff, Off",
        "On, ForceRestart, On", "On, GracefulRestart, On", "On, PowerCycle, On", "Off, PowerCycle, On",
        "On, PushPowerButton, Off", "Off, PushPowerButton, On",
        "On, Nmi, On", "Off, ForceOn, On",
    })
    void resetChangesPowerStateAsTheTypeMeans(String before, String type, String after) {
        client.basic("admin", "secret");
        if (before.equals("Off")) {
            assertEquals(204, client.post(system + "/Actions/ComputerSystem.Reset", "{\"ResetType\":\"ForceOff\"}")
                    .status());
        }
        assertEquals(before, bmc.powerState());
        Client.Answer a = client.post(system + "/Actions/ComputerSystem.Reset", "{\"ResetType\":\"" + type + "\"}");
        assertEquals(204, a.status());
        assertEquals(after, bmc.powerState());
        assertEquals(after, client.get(system).json().path("PowerState").asText());
    }

    @Test
    void resetValidatesResetType() {
        client.basic("admin", "secret");
        String reset = system + "/Actions/ComputerSystem.Reset";
        assertEquals("Base.1.8.ActionParameterMissing", client.post(reset, "{}").messageId());
        Client.Answer bad = client.post(reset, "{\"ResetType\":\"Explode\"}");
        assertEquals(400, bad.status());
        assertEquals("Base.1.8.ActionParameterValueNotInList", bad.messageId());
        assertEquals("On", bmc.powerState());
    }

    @Test
    void systemAdvertisesTheActionsItServes() {
        JsonNode sys = client.basic("admin", "secret").get(system).json();
        JsonNode reset = sys.path("Actions").path("#ComputerSystem.Reset");
        assertEquals(system + "/Actions/ComputerSystem.Reset", reset.path("target").asText());
        assertTrue(reset.path("ResetType@Redfish.AllowableValues").toString().contains("PowerCycle"));
        assertEquals("/redfish/v1/Managers/BMC", sys.path("Links").path("ManagedBy").path(0).path("@odata.id").asText());
    }

    @Test
    void unknownResourcesAre404() {
        Client.Answer a = client.basic("admin", "secret").get("/redfish/v1/Systems/nope");
        assertEquals(404, a.status());
        assertEquals("Base.1.8.ResourceNotFound", a.messageId());
    }
    @Test
    void aManagerResetForgetsEverySession() {
        Client session = new Client(bmc.baseUri());
        session.login("admin", "secret");
        assertEquals(200, session.get(system).status());
        client.basic("admin", "secret");
        assertEquals(400, client.post("/redfish/v1/Managers/BMC/Actions/Manager.Reset", "{\"ResetType\":\"On\"}")
                .status(), "not one of its ResetType@Redfish.AllowableValues");
        assertEquals(200, session.get(system).status());
        assertEquals(204, client.post("/redfish/v1/Managers/BMC/Actions/Manager.Reset",
                "{\"ResetType\":\"GracefulRestart\"}").status());
        assertEquals(401, session.get(system).status());
        assertEquals("On", bmc.powerState(), "the host is not the BMC");
    }

    @Test
    void actionsTheMockupAdvertisesButTheServiceDoesNotImplementAreRefusedByName() {
        client.basic("admin", "secret");
        Client.Answer a = client.post(system + "/Bios/Actions/Bios.ResetBios", "{}");
        assertEquals(400, a.status());
        assertEquals("Base.1.8.ActionNotSupported", a.messageId());
        assertEquals(404, client.post(system + "/Actions/ComputerSystem.Explode", "{}").status());
    }

    @Test
    void ifNoneMatchGives304AndHeadGivesHeadersOnly() {
        client.basic("admin", "secret");
        String etag = client.get(system).header("ETag");
        Client.Answer same = client.send("GET", system, null, java.util.Map.of("If-None-Match", etag));
        assertEquals(304, same.status());
        assertEquals(200, client.send("GET", system, null, java.util.Map.of("If-None-Match", "\"other\"")).status());
        Client.Answer head = client.send("HEAD", system, null, java.util.Map.of());
        assertEquals(200, head.status());
        assertEquals(etag, head.header("ETag"));
        assertEquals("", head.raw().body());
    }
}
