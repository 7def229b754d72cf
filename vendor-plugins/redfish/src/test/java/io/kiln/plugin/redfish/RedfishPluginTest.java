package io.kiln.plugin.redfish;

import static io.kiln.plugin.redfish.Bmcs.requests;
import static io.kiln.plugin.redfish.Bmcs.service;
import static io.kiln.plugin.redfish.Bmcs.target;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kiln.redfish.testservice.BootOverride;
import io.kiln.redfish.testservice.RecordedRequest;
import io.kiln.redfish.testservice.RedfishTestService;
import io.kiln.spi.vendor.BmcTarget;
import io.kiln.spi.vendor.BootDevice;
import io.kiln.spi.vendor.BootTarget;
import io.kiln.spi.vendor.Credentials;
import io.kiln.spi.vendor.HardwareFacts;
import io.kiln.spi.vendor.PluginException;
import io.kiln.spi.vendor.PowerAction;
import io.kiln.spi.vendor.PowerState;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The generic plugin against the Redfish test service (DMTF's public-rackmount1 mockup with behaviour). */
class RedfishPluginTest {
    static final String SYSTEM = "/redfish/v1/Systems/437XR1138R2";
    static final String RESET = SYSTEM + "/Actions/ComputerSystem.Reset";
    final RedfishPlugin plugin = new RedfishPlugin(RedfishQuirks.generic());
    RedfishTestService bmc;

    RedfishTestService start(RedfishTestService.Builder b) {
        bmc = b.build().start();
        return bmc;
    }

    @AfterEach
    void stop() {
        plugin.close();
        if (bmc != null) bmc.close();
    }

    // ---- sessions and logins

    @Test
    void logsInWithASessionKeepsItAndLogsOutOnClose() throws Exception {
        start(service());
        BmcTarget t = target(bmc);
        assertEquals(PowerState.ON, plugin.powerState(t));
        assertEquals(PowerState.ON, plugin.powerState(t));
        List<RecordedRequest> logins = requests(bmc, "POST", "/redfish/v1/SessionService/Sessions");
        assertEquals(1, logins.size(), "one session for both calls");
        assertEquals(201, logins.get(0).status());
        List<RecordedRequest> gets = requests(bmc, "GET", SYSTEM);
        assertTrue(gets.stream().allMatch(r -> r.auth() == RecordedRequest.Auth.SESSION), gets.toString());
        plugin.close();
        List<RecordedRequest> logout = requests(bmc, "DELETE", "/redfish/v1/SessionService/Sessions/.+");
        assertEquals(1, logout.size(), "logged out on deactivate");
        assertEquals(RecordedRequest.Auth.SESSION, logout.get(0).auth());
    }

    @Test
    void basicWhenTheBmcRefusesSessions() throws Exception {
        start(service());
        bmc.faults().disableSessions(true);
        BmcTarget t = target(bmc);
        assertEquals(PowerState.ON, plugin.powerState(t));
        assertEquals(PowerState.ON, plugin.powerState(t));
        assertEquals(1, requests(bmc, "POST", "/redfish/v1/SessionService/Sessions").size(), "refusal remembered");
        assertEquals(405, requests(bmc, "POST", "/redfish/v1/SessionService/Sessions").get(0).status());
        assertTrue(requests(bmc, "GET", SYSTEM).stream().allMatch(r -> r.auth() == RecordedRequest.Auth.BASIC && r.status() == 200));
    }

    @Test
    void aBusyLoginIsBasicForThatCallOnly() throws Exception {
        start(service());
        for (int i = 0; i < 4; i++) bmc.faults().failNext("POST", "/redfish/v1/SessionService/Sessions", 503, Duration.ZERO, null);
        BmcTarget t = target(bmc);
        assertEquals(PowerState.ON, plugin.powerState(t));
        assertEquals(RecordedRequest.Auth.BASIC, requests(bmc, "GET", SYSTEM).get(0).auth());
        assertEquals(PowerState.ON, plugin.powerState(t));
        assertEquals(RecordedRequest.Auth.SESSION, requests(bmc, "GET", SYSTEM).get(1).auth(), "sessions again on the next call");
    }

    @Test
    void logsInAgainOnceWhenTheSessionExpired() throws Exception {
        start(service());
        BmcTarget t = target(bmc);
        plugin.powerState(t);
        bmc.expireSessions();
        assertEquals(PowerState.ON, plugin.powerState(t));
        List<RecordedRequest> gets = requests(bmc, "GET", SYSTEM);
        assertEquals(List.of(200, 401, 200), gets.stream().map(RecordedRequest::status).toList());
        assertEquals(2, requests(bmc, "POST", "/redfish/v1/SessionService/Sessions").size());
    }

    @Test
    void aWrongPasswordIsOneClearLineWithoutThePassword() {
        start(service());
        BmcTarget t = target(bmc, new Credentials("admin", "hunter2"));
        PluginException e = assertThrows(PluginException.class, () -> plugin.powerState(t));
        assertTrue(e.getMessage().contains("refused the login of user 'admin' (401)"), e.getMessage());
        assertFalse(e.getMessage().contains("hunter2"));
        assertFalse(e.isTransient());
    }

    // ---- TLS

    @Test
    void tlsWithThePinnedCertificate() throws Exception {
        start(service().tls(true));
        assertEquals(PowerState.ON, plugin.powerState(target(bmc, "redfish.tlsSha256", bmc.certificateSha256())));
    }

    @Test
    void tlsRefusesAnUnknownCertificateAndSaysWhatToPin() {
        start(service().tls(true));
        PluginException e = assertThrows(PluginException.class, () -> plugin.powerState(target(bmc)));
        String colons = bmc.certificateSha256().toUpperCase().replaceAll("(..)(?!$)", "$1:");
        assertTrue(e.getMessage().contains("is not trusted by the JDK's trusted CAs"), e.getMessage());
        assertTrue(e.getMessage().contains(colons), e.getMessage());
        assertTrue(e.getMessage().contains("redfish.tlsSha256"), e.getMessage());
        assertTrue(bmc.requests().isEmpty(), "nothing was sent, not even the login");
        PluginException wrongPin = assertThrows(PluginException.class,
                () -> plugin.powerState(target(bmc, "redfish.tlsSha256", "00".repeat(32))));
        assertTrue(wrongPin.getMessage().contains("pinned by redfish.tlsSha256"), wrongPin.getMessage());
    }

    @Test
    void tlsWithACaFileOrInsecureWhenSaid(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        start(service().tls(true));
        java.nio.file.Path ca = java.nio.file.Files.writeString(dir.resolve("bmc.pem"), bmc.certificatePem());
        assertEquals(PowerState.ON, plugin.powerState(target(bmc, "redfish.caFile", ca.toString())));
        assertEquals(PowerState.ON, plugin.powerState(target(bmc, "redfish.insecure", "true")));
    }

    @Test
    void redfishSchemeMeansHttps() throws Exception {
        start(service().tls(true));
        BmcTarget t = new BmcTarget(new io.kiln.spi.vendor.BmcEndpoint("n1", "redfish://127.0.0.1:" + bmc.port(), null, null,
                java.util.Map.of("redfish.tlsSha256", bmc.certificateSha256())), Bmcs.ADMIN);
        assertEquals(PowerState.ON, plugin.powerState(t));
    }

    // ---- retries, timeouts, errors

    @Test
    void a503WithRetryAfterIsTriedAgain() throws Exception {
        start(service());
        bmc.faults().failNext("GET", SYSTEM, 503, Duration.ofSeconds(1), null);
        assertEquals(PowerState.ON, plugin.powerState(target(bmc)));
        assertEquals(List.of(503, 200), requests(bmc, "GET", SYSTEM).stream().map(RecordedRequest::status).toList());
    }

    @Test
    void retriesExhaustedIsTransientWithTheBmcsMessage() {
        start(service());
        for (int i = 0; i < 4; i++) bmc.faults().failNext("GET", SYSTEM, 503, Duration.ZERO, "The BMC is updating its firmware");
        PluginException e = assertThrows(PluginException.class, () -> plugin.powerState(target(bmc)));
        assertTrue(e.isTransient());
        assertTrue(e.getMessage().contains("503 to GET " + SYSTEM), e.getMessage());
        assertTrue(e.getMessage().contains("The BMC is updating its firmware"), e.getMessage());
        assertEquals(4, requests(bmc, "GET", SYSTEM).size(), "the first try and 3 retries");
    }

    @Test
    void aDroppedConnectionIsTriedAgain() throws Exception {
        start(service());
        bmc.faults().resetConnectionNext("GET", SYSTEM);
        assertEquals(PowerState.ON, plugin.powerState(target(bmc)));
        assertEquals(List.of(0, 200), requests(bmc, "GET", SYSTEM).stream().map(RecordedRequest::status).toList());
    }

    @Test
    void aBmcThatAnswersTooLateIsAClearTimeout() {
        start(service());
        bmc.faults().delayNext("GET", SYSTEM, Duration.ofSeconds(3));
        PluginException e = assertThrows(PluginException.class, () -> plugin.powerState(target(bmc, "redfish.timeoutSeconds", "1")));
        assertTrue(e.getMessage().contains("did not answer GET " + SYSTEM + " within 1 s (redfish.timeoutSeconds)"), e.getMessage());
        assertTrue(e.isTransient());
    }

    @Test
    void theBmcsExtendedInfoReachesTheOperator() {
        start(service());
        bmc.faults().failNext("PATCH", SYSTEM, 400, null, "Boot override is locked while the BIOS is in setup");
        PluginException e = assertThrows(PluginException.class,
                () -> plugin.setBootDevice(target(bmc), new BootTarget(BootDevice.PXE, null, false)));
        assertTrue(e.getMessage().startsWith("BMC " + bmc.baseUri() + " answered 400 to PATCH " + SYSTEM + ": "), e.getMessage());
        assertTrue(e.getMessage().contains("Boot override is locked while the BIOS is in setup"), e.getMessage());
        assertFalse(e.isTransient());
    }

    @Test
    void settingsAreCheckedBeforeAnyRequest() {
        start(service());
        PluginException e = assertThrows(PluginException.class, () -> plugin.powerState(target(bmc, "redfish.timeoutSeconds", "0")));
        assertTrue(e.getMessage().contains("redfish.timeoutSeconds '0'"), e.getMessage());
        assertTrue(bmc.requests().isEmpty());
    }

    // ---- ETags

    @Test
    void aWeakEtagRefusedIsSentStrong() throws Exception {
        start(service());
        bmc.faults().weakEtags(true);
        plugin.setBootDevice(target(bmc), new BootTarget(BootDevice.PXE, null, false));
        List<RecordedRequest> patches = requests(bmc, "PATCH", SYSTEM);
        assertEquals(List.of(412, 200), patches.stream().map(RecordedRequest::status).toList());
        assertTrue(patches.get(0).ifMatch().startsWith("W/\""), patches.get(0).ifMatch());
        assertEquals(patches.get(0).ifMatch().substring(2), patches.get(1).ifMatch());
    }

    @Test
    void thenWithoutIfMatch() throws Exception {
        start(service());
        bmc.faults().weakEtags(true);
        bmc.faults().failNext("PATCH", SYSTEM, 412, null, null).failNext("PATCH", SYSTEM, 412, null, null);
        plugin.setBootDevice(target(bmc), new BootTarget(BootDevice.CD, null, false));
        List<RecordedRequest> patches = requests(bmc, "PATCH", SYSTEM);
        assertEquals(List.of(412, 412, 200), patches.stream().map(RecordedRequest::status).toList());
        assertTrue(patches.get(0).ifMatch().startsWith("W/"));
        assertFalse(patches.get(1).ifMatch().startsWith("W/"));
        assertNull(patches.get(2).ifMatch());
        assertEquals("Cd", bmc.bootOverride().target());
    }

    // ---- power

    @Test
    void cycleWithoutForceRestartIsForceOffWaitOn() throws Exception {
        start(service().powerTransition(Duration.ofMillis(600)));
        bmc.faults().refuseResetTypes("ForceRestart", "PowerCycle");
        plugin.power(target(bmc), PowerAction.CYCLE);
        assertEquals(List.of("ForceOff", "On"), resetTypes());
        assertEquals("On", bmc.powerState(), "power() returns once the PowerState says so");
    }

    @Test
    void aResetTypeTheBmcRefusesDespiteAdvertisingItFallsBack() throws Exception {
        start(service());
        bmc.faults().failNext("POST", RESET, 400, null, "ForceRestart is not supported while the host is in POST");
        plugin.power(target(bmc), PowerAction.CYCLE);
        assertEquals(List.of("ForceRestart", "PowerCycle"), resetTypes(), "the next candidate the BMC allows");
        assertEquals("On", bmc.powerState());
    }

    @Test
    void offWaitsForPowerStateOffAndOnIsNotSentTwice() throws Exception {
        start(service().powerTransition(Duration.ofMillis(800)));
        BmcTarget t = target(bmc);
        plugin.power(t, PowerAction.OFF);
        assertEquals("Off", bmc.powerState());
        assertEquals(PowerState.OFF, plugin.powerState(t));
        plugin.power(t, PowerAction.OFF);
        plugin.power(t, PowerAction.GRACEFUL_OFF);
        assertEquals(List.of("ForceOff"), resetTypes(), "nothing to do when already off");
        plugin.power(t, PowerAction.CYCLE);
        assertEquals(List.of("ForceOff", "On"), resetTypes(), "a cycle of a server that is off is On");
        assertEquals("On", bmc.powerState());
    }

    @Test
    void aPowerStateThatDoesNotFollowInTimeIsTransient() {
        start(service().powerTransition(Duration.ofSeconds(5)));
        PluginException e = assertThrows(PluginException.class, () -> plugin.power(target(bmc, "redfish.powerWaitSeconds", "1"), PowerAction.OFF));
        assertTrue(e.isTransient());
        assertTrue(e.getMessage().contains("accepted OFF but the server's PowerState is still POWERING_OFF, not OFF"), e.getMessage());
    }

    @Test
    void powerWaitZeroReturnsOnceTheBmcTookTheReset() throws Exception {
        start(service().powerTransition(Duration.ofSeconds(30)));
        plugin.power(target(bmc, "redfish.powerWaitSeconds", "0"), PowerAction.OFF);
        assertEquals("PoweringOff", bmc.powerState(), "not waited for");
        assertEquals(List.of("ForceOff"), resetTypes());
    }

    private List<String> resetTypes() {
        return requests(bmc, "POST", RESET).stream().map(r -> r.body().replaceAll(".*\"ResetType\"\\s*:\\s*\"([^\"]+)\".*", "$1")).toList();
    }

    // ---- boot

    @Test
    void oneTimeUefiPxe() throws Exception {
        start(service());
        plugin.setBootDevice(target(bmc), new BootTarget(BootDevice.PXE, null, false));
        assertEquals(new BootOverride("Pxe", "Once", "UEFI", null), bmc.bootOverride());
    }

    @Test
    void uefiHttpWithItsUriPersistently() throws Exception {
        start(service());
        plugin.setBootDevice(target(bmc), new BootTarget(BootDevice.UEFI_HTTP, URI.create("http://10.0.0.1/boot/ipxe.efi"), true));
        assertEquals(new BootOverride("UefiHttp", "Continuous", "UEFI", "http://10.0.0.1/boot/ipxe.efi"), bmc.bootOverride());
    }

    @Test
    void cdThroughTheSettingsObjectWhenTheSystemRefuses() throws Exception {
        start(service());
        bmc.faults().requireSettingsObject(true);
        BmcTarget t = target(bmc);
        plugin.setBootDevice(t, new BootTarget(BootDevice.CD, null, false));
        assertEquals(400, requests(bmc, "PATCH", SYSTEM).get(0).status());
        assertEquals(200, requests(bmc, "PATCH", SYSTEM + "/Settings").get(0).status());
        plugin.power(t, PowerAction.CYCLE);
        assertEquals("Cd", bmc.bootOverride().target(), "applied at the reset");
        assertEquals("Once", bmc.bootOverride().enabled());
    }

    @Test
    void quirksThatPreferTheSettingsObjectGoThereFirst() throws Exception {
        start(service());
        bmc.faults().requireSettingsObject(true);
        try (RedfishPlugin settingsFirst = new RedfishPlugin(RedfishQuirks.generic().toBuilder().preferSettingsObject(true).build())) {
            settingsFirst.setBootDevice(target(bmc), new BootTarget(BootDevice.PXE, null, false));
        }
        assertTrue(requests(bmc, "PATCH", SYSTEM).isEmpty());
        assertEquals(1, requests(bmc, "PATCH", SYSTEM + "/Settings").size());
    }

    @Test
    void aBootTargetTheBmcDoesNotOfferIsRefusedWithWhatItOffers() {
        start(service());
        RedfishPlugin odd = new RedfishPlugin(RedfishQuirks.generic().toBuilder().bootTarget(BootDevice.DISK, "Floppy").build());
        PluginException e = assertThrows(PluginException.class, () -> odd.setBootDevice(target(bmc), new BootTarget(BootDevice.DISK, null, false)));
        assertTrue(e.getMessage().contains("does not offer boot target Floppy for DISK (it offers [None, Pxe, Cd"), e.getMessage());
        assertTrue(requests(bmc, "PATCH", ".*").isEmpty());
    }

    // ---- virtual media

    @Test
    void insertAndEjectTheCdWithTheActions() throws Exception {
        start(service());
        BmcTarget t = target(bmc);
        plugin.insertMedia(t, URI.create("http://10.0.0.1/images/live.iso"));
        assertEquals("http://10.0.0.1/images/live.iso", bmc.virtualMedia().get("CD1"));
        assertEquals(1, requests(bmc, "POST", ".*/VirtualMedia/CD1/Actions/VirtualMedia.InsertMedia").size());
        plugin.ejectMedia(t);
        assertNull(bmc.virtualMedia().get("CD1"));
        assertEquals(1, requests(bmc, "POST", ".*/VirtualMedia/CD1/Actions/VirtualMedia.EjectMedia").size());
        assertTrue(requests(bmc, "PATCH", ".*VirtualMedia.*").isEmpty());
    }

    @Test
    void anotherImageReplacesTheInsertedOne() throws Exception {
        start(service());
        BmcTarget t = target(bmc);
        plugin.insertMedia(t, URI.create("http://10.0.0.1/a.iso"));
        plugin.insertMedia(t, URI.create("http://10.0.0.1/a.iso"));
        assertEquals(1, requests(bmc, "POST", ".*/VirtualMedia.InsertMedia").size(), "the same image: nothing to do");
        plugin.insertMedia(t, URI.create("http://10.0.0.1/b.iso"));
        assertEquals("http://10.0.0.1/b.iso", bmc.virtualMedia().get("CD1"));
        assertEquals(1, requests(bmc, "POST", ".*/VirtualMedia.EjectMedia").size(), "a.iso ejected first");
    }

    @Test
    void legacyBmcsArePatched() throws Exception {
        start(service());
        bmc.faults().legacyVirtualMedia(true);
        BmcTarget t = target(bmc);
        plugin.insertMedia(t, URI.create("http://10.0.0.1/images/live.iso"));
        assertEquals("http://10.0.0.1/images/live.iso", bmc.virtualMedia().get("CD1"));
        plugin.ejectMedia(t);
        assertNull(bmc.virtualMedia().get("CD1"));
        List<RecordedRequest> patches = requests(bmc, "PATCH", ".*/VirtualMedia/CD1");
        assertEquals(List.of(200, 200), patches.stream().map(RecordedRequest::status).toList());
        assertTrue(patches.get(0).body().contains("\"Inserted\":true"), patches.get(0).body());
        assertTrue(patches.get(1).body().contains("\"Image\":null"), patches.get(1).body());
        assertTrue(requests(bmc, "POST", ".*VirtualMedia.*").isEmpty());
    }

    // ---- the client quirk bundles may use for what data cannot say

    @Test
    void theClientSpeaksPlainMapsWithTheSameSessionAndEtags() throws Exception {
        start(service());
        bmc.faults().weakEtags(true);
        RedfishClient c = plugin.client(target(bmc));
        assertEquals("On", c.get(SYSTEM).get("PowerState"));
        c.patch(SYSTEM, java.util.Map.of("Boot", java.util.Map.of("BootSourceOverrideTarget", "Hdd", "BootSourceOverrideEnabled", "Once")));
        assertEquals("Hdd", bmc.bootOverride().target());
        assertEquals(List.of(412, 200), requests(bmc, "PATCH", SYSTEM).stream().map(RecordedRequest::status).toList());
        PluginException e = assertThrows(PluginException.class, () -> c.post(RESET, java.util.Map.of("ResetType", "Warp")));
        assertTrue(e.getMessage().contains("400 to POST " + RESET), e.getMessage());
        assertEquals(1, requests(bmc, "POST", "/redfish/v1/SessionService/Sessions").size());
    }

    // ---- inspection

    @Test
    void inspectionFacts() throws Exception {
        start(service());
        HardwareFacts f = plugin.inspect(target(bmc));
        assertEquals("Contoso", f.manufacturer());
        assertEquals("3500", f.model());
        assertEquals("437XR1138R2", f.serial());
        assertEquals("38947555-7742-3448-3784-823347823834", f.uuid());
        assertTrue(f.macs().contains("12:44:6a:3b:04:11"), f.macs().toString());
        assertEquals(f.macs().size(), f.macs().stream().distinct().count());
        assertEquals(List.of("SATA Bay 1: 8 TB", "SATA Bay 2: 4 TB"), f.disks());
        assertEquals(96L << 30, f.memoryBytes());
    }
}
