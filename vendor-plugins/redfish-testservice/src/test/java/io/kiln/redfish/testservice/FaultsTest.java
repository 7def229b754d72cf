package io.kiln.redfish.testservice;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpRequest;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Every fault and quirk {@link Faults} offers, and session expiry. */
class FaultsTest {

    static final String RESET_SUFFIX = "/Actions/ComputerSystem.Reset";

    RedfishTestService bmc;
    Client client;
    String system;

    @BeforeEach
    void start() {
        bmc = RedfishTestService.builder().mockup(Mockup.dir()).credentials("admin", "secret").build().start();
        client = new Client(bmc.baseUri()).basic("admin", "secret");
        system = bmc.systemPath();
    }

    @AfterEach
    void stop() {
        bmc.close();
    }

    @Test
    void failNextAnswersOnceWithStatusRetryAfterAndExtendedInfo() {
        bmc.faults().failNext("POST", ".*/ComputerSystem\\.Reset", 503, Duration.ofMillis(1500), "BMC busy");
        assertEquals(200, client.get(system).status(), "a GET does not match a POST fault");
        Client.Answer a = client.post(system + RESET_SUFFIX, "{\"ResetType\":\"ForceOff\"}");
        assertEquals(503, a.status());
        assertEquals("2", a.header("Retry-After"), "seconds, rounded up");
        JsonNode info = a.json().path("error").path("@Message.ExtendedInfo").get(0);
        assertEquals("BMC busy", info.path("Message").asText());
        assertEquals("Base.1.8.ServiceTemporarilyUnavailable", info.path("MessageId").asText());
        assertEquals("On", bmc.powerState(), "the failed request was not served");

        assertEquals(204, client.post(system + RESET_SUFFIX, "{\"ResetType\":\"ForceOff\"}").status(), "only once");
        assertEquals("Off", bmc.powerState());
        List<Integer> statuses = bmc.requests().stream().map(RecordedRequest::status).toList();
        assertEquals(List.of(200, 503, 204), statuses);
    }

    @Test
    void failNextWithoutRetryAfterOrMessage() {
        bmc.faults().failNext("*", "/redfish/v1/Managers/.*", 500, null, null);
        Client.Answer a = client.get("/redfish/v1/Managers/BMC");
        assertEquals(500, a.status());
        assertNull(a.header("Retry-After"));
        assertEquals("Base.1.8.InternalError", a.messageId());
        assertEquals(200, client.get("/redfish/v1/Managers/BMC").status());
    }

    @Test
    void faultsQueueInOrder() {
        bmc.faults().failNext("GET", ".*", 500, null, "first").failNext("GET", ".*", 503, null, "second");
        assertEquals(500, client.get(system).status());
        assertEquals(503, client.get(system).status());
        assertEquals(200, client.get(system).status());
    }

    @Test
    void delayNextMakesAClientTimeOutOnce() {
        bmc.faults().delayNext("GET", "/redfish/v1/Systems/437XR1138R2", Duration.ofSeconds(3));
        HttpRequest.Builder slow = HttpRequest.newBuilder(bmc.baseUri().resolve(system))
                .timeout(Duration.ofMillis(300)).GET();
        UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> client.send(slow));
        assertTrue(e.getCause() instanceof HttpTimeoutException, String.valueOf(e.getCause()));
        HttpRequest.Builder again = HttpRequest.newBuilder(bmc.baseUri().resolve(system))
                .timeout(Duration.ofSeconds(30)).GET();
        assertEquals(200, client.send(again).status(), "only the next one is late");
    }

    @Test
    void resetConnectionNextClosesWithoutAnAnswer() {
        // a POST: java.net.http retries an idempotent GET once on a closed connection, hiding the fault
        bmc.faults().resetConnectionNext("POST", ".*/ComputerSystem\\.Reset");
        UncheckedIOException e = assertThrows(UncheckedIOException.class,
                () -> client.post(system + RESET_SUFFIX, "{\"ResetType\":\"ForceOff\"}"));
        assertTrue(e.getCause() instanceof IOException);
        assertEquals("On", bmc.powerState(), "not served");
        assertEquals(0, bmc.requests().get(0).status(), "recorded as not answered");
        assertEquals(204, client.post(system + RESET_SUFFIX, "{\"ResetType\":\"ForceOff\"}").status());
        assertEquals("Off", bmc.powerState());
    }

    @Test
    void refusedResetTypesAreNotAllowedAndAnswered400() {
        bmc.faults().refuseResetTypes("GracefulShutdown", "PowerCycle");
        JsonNode allowed = client.get(system).json().path("Actions").path("#ComputerSystem.Reset")
                .path("ResetType@Redfish.AllowableValues");
        assertFalse(allowed.toString().contains("GracefulShutdown"), allowed.toString());
        assertFalse(allowed.toString().contains("PowerCycle"), allowed.toString());
        assertTrue(allowed.toString().contains("ForceOff"));
        Client.Answer a = client.post(system + RESET_SUFFIX, "{\"ResetType\":\"GracefulShutdown\"}");
        assertEquals(400, a.status());
        assertEquals("Base.1.8.ActionParameterValueNotInList", a.messageId());
        assertEquals("On", bmc.powerState());
        assertEquals(204, client.post(system + RESET_SUFFIX, "{\"ResetType\":\"ForceOff\"}").status());
        assertEquals("Off", bmc.powerState());
    }

    @Test
    void settingsObjectIsRequiredForBootAndAppliedAtTheNextReset() {
        bmc.faults().requireSettingsObject(true);
        JsonNode settings = client.get(system).json().path("@Redfish.Settings");
        String uri = settings.path("SettingsObject").path("@odata.id").asText();
        assertEquals(system + "/Settings", uri);
        assertEquals("OnReset", settings.path("SupportedApplyTimes").path(0).asText());

        String boot = "{\"Boot\":{\"BootSourceOverrideTarget\":\"Pxe\",\"BootSourceOverrideEnabled\":\"Once\"}}";
        Client.Answer direct = client.patch(system, boot, null);
        assertEquals(400, direct.status());
        assertEquals("Base.1.8.PropertyNotWritable", direct.messageId());
        assertTrue(direct.json().toString().contains(uri), "the message names the settings object");

        Client.Answer pending = client.get(uri);
        assertEquals(200, pending.status());
        assertEquals("None", pending.json().path("Boot").path("BootSourceOverrideTarget").asText());
        assertEquals(200, client.patch(uri, boot, pending.header("ETag")).status());
        assertEquals("Pxe", client.get(uri).json().path("Boot").path("BootSourceOverrideTarget").asText());
        assertEquals("None", bmc.bootOverride().target(), "pending until the next reset");
        assertEquals(400, client.patch(uri, "{\"Boot\":{\"BootSourceOverrideTarget\":\"Tape\"}}", null).status(),
                "the settings object validates like the system");

        assertEquals(204, client.post(system + RESET_SUFFIX, "{\"ResetType\":\"ForceRestart\"}").status());
        assertEquals(new BootOverride("Pxe", "Once", "UEFI", null), bmc.bootOverride());
        assertEquals("Pxe", client.get(system).json().path("Boot").path("BootSourceOverrideTarget").asText());

        bmc.faults().requireSettingsObject(false);
        assertFalse(client.get(system).json().has("@Redfish.Settings"));
        assertEquals(404, client.get(uri).status());
        assertEquals(200, client.patch(system, "{\"Boot\":{\"BootSourceOverrideTarget\":\"Hdd\"}}", null).status());
    }

    @Test
    void weakEtagsRefuseTheirOwnWeakFormInIfMatch() {
        bmc.faults().weakEtags(true);
        Client.Answer get = client.get(system);
        String weak = get.header("ETag");
        assertTrue(weak.matches("W/\"[0-9a-f]+\""), weak);
        assertEquals(weak, get.json().path("@odata.etag").asText());
        String body = "{\"Boot\":{\"BootSourceOverrideTarget\":\"Cd\"}}";
        Client.Answer refused = client.patch(system, body, weak);
        assertEquals(412, refused.status());
        assertEquals("Base.1.8.PreconditionFailed", refused.messageId());
        assertEquals("None", bmc.bootOverride().target());
        assertEquals(200, client.patch(system, body, weak.substring(2)).status(), "the strong form is accepted");
        assertEquals("Cd", bmc.bootOverride().target());
    }

    @Test
    void strongEtagsAreComparedStrongly() {
        String strong = client.get(system).header("ETag");
        assertEquals(412, client.patch(system, "{\"AssetTag\":\"x\"}", "W/" + strong).status());
        assertEquals(200, client.patch(system, "{\"AssetTag\":\"x\"}", "*").status());
    }

    @Test
    void disabledSessionsMakeClientsUseBasic() {
        bmc.faults().disableSessions(true);
        Client.Answer login = new Client(bmc.baseUri()).login("admin", "secret");
        assertEquals(405, login.status());
        assertTrue(login.json().has("error"));
        assertFalse(client.get("/redfish/v1/SessionService").json().path("ServiceEnabled").asBoolean());
        assertEquals(200, client.get(system).status(), "Basic still works");
        bmc.faults().disableSessions(false);
        assertEquals(201, new Client(bmc.baseUri()).login("admin", "secret").status());
    }

    @Test
    void legacyVirtualMediaHasNoActionsButPatch() {
        bmc.faults().legacyVirtualMedia(true);
        String cd = bmc.managerPath() + "/VirtualMedia/CD1";
        Client.Answer get = client.get(cd);
        assertFalse(get.json().has("Actions"), get.json().toString());
        assertTrue(get.header("Allow").contains("PATCH"), get.header("Allow"));
        Client.Answer action = client.post(cd + "/Actions/VirtualMedia.InsertMedia",
                "{\"Image\":\"http://127.0.0.1/x.iso\"}");
        assertEquals(400, action.status());
        assertEquals("Base.1.8.ActionNotSupported", action.messageId());
        assertNull(bmc.virtualMedia().get("CD1"));

        assertEquals(200, client.patch(cd, "{\"Image\":\"http://127.0.0.1/x.iso\",\"Inserted\":true}", null).status());
        assertEquals("http://127.0.0.1/x.iso", bmc.virtualMedia().get("CD1"));
        JsonNode inserted = client.get(cd).json();
        assertEquals("URI", inserted.path("ConnectedVia").asText());
        assertEquals("x.iso", inserted.path("ImageName").asText());
        assertEquals(200, client.patch(cd, "{\"Image\":null,\"Inserted\":false}", null).status());
        assertNull(bmc.virtualMedia().get("CD1"));
        assertEquals(400, client.patch(cd, "{\"Inserted\":\"yes\"}", null).status());
    }

    @Test
    void clearTurnsEverythingOff() {
        bmc.faults().weakEtags(true).failNext("GET", ".*", 500, null, null);
        bmc.faults().clear();
        Client.Answer a = client.get(system);
        assertEquals(200, a.status());
        assertFalse(a.header("ETag").startsWith("W/"));
    }

    /** A clock the test moves. */
    static final class MovableClock extends Clock {
        Instant now = Instant.parse("2026-01-01T00:00:00Z");

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    @Test
    void idleSessionsExpire() {
        bmc.close();
        MovableClock clock = new MovableClock();
        bmc = RedfishTestService.builder().mockup(Mockup.dir()).sessionTimeout(Duration.ofSeconds(60)).clock(clock)
                .build().start();
        assertEquals(60, new Client(bmc.baseUri()).basic("admin", "secret").get("/redfish/v1/SessionService").json()
                .path("SessionTimeout").asInt());
        Client s = new Client(bmc.baseUri());
        assertEquals(201, s.login("admin", "secret").status());
        clock.now = clock.now.plusSeconds(50);
        assertEquals(200, s.get(system).status(), "used within the timeout: it stays valid");
        clock.now = clock.now.plusSeconds(50);
        assertEquals(200, s.get(system).status(), "idle time counts from the last use");
        clock.now = clock.now.plusSeconds(61);
        Client.Answer expired = s.get(system);
        assertEquals(401, expired.status());
        assertEquals("Base.1.8.NoValidSession", expired.messageId());
        assertEquals(0, new Client(bmc.baseUri()).basic("admin", "secret").get("/redfish/v1/SessionService/Sessions")
                .json().path("Members").size(), "the expired session is gone from the collection");
    }
}
