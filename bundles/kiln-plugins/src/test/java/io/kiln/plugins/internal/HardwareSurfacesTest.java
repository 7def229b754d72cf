package io.kiln.plugins.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kiln.api.KilnException;
import io.kiln.api.boot.BootAction;
import io.kiln.api.boot.BootDecision;
import io.kiln.api.hardware.BmcAdded;
import io.kiln.api.hardware.BmcRegistration;
import io.kiln.api.hardware.BootChoice;
import io.kiln.api.hardware.BootSetting;
import io.kiln.api.hardware.FirmwareChange;
import io.kiln.api.hardware.FirmwareUpdate;
import io.kiln.api.hardware.InspectionResult;
import io.kiln.api.hardware.MediaAction;
import io.kiln.api.hardware.PciEntry;
import io.kiln.api.inventory.Host;
import io.kiln.spi.vendor.BootDevice;
import io.kiln.spi.vendor.HardwareFacts;
import io.kiln.spi.vendor.PluginException;
import io.kiln.spi.vendor.UpdateProgress;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Boot device, virtual media, firmware updates, inspection and registering from a BMC, through the registry. */
class HardwareSurfacesTest {
    final Hosts hosts = new Hosts().add("n1", "fake://rack1/n1", null).add("bare", null, null);
    final EncryptedCredentialStore vault;
    final HardwareServiceImpl registry;
    final HardwarePlugin hw = new HardwarePlugin("hw", "fake://");

    HardwareSurfacesTest(@TempDir Path data) {
        vault = new EncryptedCredentialStore(data.resolve("credentials"));
        registry = new HardwareServiceImpl(hosts.inventory, vault, new HashMap<>(Map.of("callTimeoutSeconds", "2", "firmwarePollSeconds", "1")));
        registry.added(hw, new PluginOrigin("test.hw", "1.0.0", 1, "fake://"));
    }

    @AfterEach
    void tearDown() {
        registry.deactivate();
    }

    static KilnException fails(Runnable r) {
        return assertThrows(KilnException.class, r::run);
    }

    /** Every BMC action with its outcome, and the firmware update's end, in the host's timeline; reads are not recorded. */
    @Test
    void actionsOnTheBmcGoIntoTheHostsTimelineWithTheirOutcome() {
        List<String> timeline = new java.util.concurrent.CopyOnWriteArrayList<>();
        registry.timeline = new io.kiln.api.events.HostEvents() {
            public void record(String host, io.kiln.api.events.EventSource source, String type, String detail) {
                assertEquals(io.kiln.api.events.EventSource.BMC, source);
                timeline.add(host + " " + type + " " + detail);
            }

            public List<io.kiln.api.events.HostEvent> events(String host, long afterId, int limit) {
                throw new UnsupportedOperationException();
            }

            public List<io.kiln.api.events.HostEvent> recent(long afterId, int limit) {
                throw new UnsupportedOperationException();
            }
        };
        registry.setBootDevice("n1", BootChoice.PXE, null, false);
        registry.virtualMedia("n1", MediaAction.INSERT, "https://user:pw@kiln:8443/iso/a.iso?X-Amz-Signature=abc");
        hw.fault = new PluginException("Virtual media is in use by another session");
        fails(() -> registry.virtualMedia("n1", MediaAction.EJECT, null));
        hw.fault = null;
        fails(() -> registry.inspect("bare"));
        fails(() -> registry.inspect("nobody"));
        registry.firmware("n1");
        hw.pollsToFinish = 1;
        FirmwareUpdate u = registry.startFirmwareUpdate("n1", "http://kiln/fw/bmc-2.1.1.bin", false);
        registry.awaitFirmwareUpdate("n1", u.id(), Duration.ofMinutes(1));
        long end = System.nanoTime() + 5_000_000_000L;
        while (timeline.stream().noneMatch(l -> l.contains("bmc-firmware-done")) && System.nanoTime() < end) Thread.onSpinWait();
        // an update that ends at once (the plugin gives no task to follow) is told started, then failed
        hw.noTaskId = true;
        registry.startFirmwareUpdate("n1", "http://kiln/fw/bmc-2.1.2.bin", true);
        assertEquals(List.of(
                "n1 bmc-boot-device pxe, next boot only through plugin 'hw'",
                "n1 bmc-media insert https://kiln:8443/iso/a.iso?... through plugin 'hw'",
                "n1 bmc-media-failed eject: plugin 'hw' failed virtual-media eject for host 'n1': Virtual media is in use by another session",
                "bare bmc-inspect-failed host 'bare' has no BMC (kiln:host-add --bmc ADDRESS [--bmc-plugin NAME])",
                "n1 bmc-firmware-update fw-1 started with http://kiln/fw/bmc-2.1.1.bin (pulled by the BMC) through plugin 'hw': accepted",
                "n1 bmc-firmware-done fw-1 done: " + registry.firmwareUpdate("n1", "fw-1").message() + " (BMC: 2.1.0 -> 2.1.1)",
                "n1 bmc-firmware-update fw-2 started with http://kiln/fw/bmc-2.1.2.bin (pushed) through plugin 'hw': accepted",
                "n1 bmc-firmware-failed fw-2 failed: plugin 'hw' started the update but gave no task id to follow it by"), timeline,
                "no login nor query of a URL; nothing for a host that does not exist; reads are not recorded");
    }

    @Test
    void theBootDeviceIsForTheNextBootUnlessPersistent() {
        BootSetting s = registry.setBootDevice("n1", BootChoice.PXE, null, false);
        assertEquals(new BootSetting("n1", "hw", "pxe", null, false, null), s);
        assertEquals(BootDevice.PXE, hw.boot.device());
        registry.setBootDevice("n1", BootChoice.HTTP, "http://10.0.0.1:8080/boot/loaders/snponly.efi", true);
        assertEquals(URI.create("http://10.0.0.1:8080/boot/loaders/snponly.efi"), hw.boot.url());
        assertTrue(hw.boot.persistent());
        assertEquals("a URL is only for boot device http, not disk", fails(() -> registry.setBootDevice("n1", BootChoice.DISK, "http://x/y", false)).getMessage());
        assertEquals("boot URL 'ftp://x/y' is not an http:// or https:// URL", fails(() -> registry.setBootDevice("n1", BootChoice.HTTP, "ftp://x/y", false)).getMessage());
        assertEquals("boot device 'floppy' is not one of pxe, http, cd, disk", fails(() -> BootChoice.parse("floppy")).getMessage());
    }

    @Test
    void httpWithoutAUrlAsksKilnsBootDecisionOrSaysToGiveOne() {
        KilnException none = fails(() -> registry.setBootDevice("n1", BootChoice.HTTP, null, false));
        assertEquals(KilnException.Kind.INVALID, none.kind());
        assertTrue(none.getMessage().startsWith("host 'n1': give the URL to boot from (--url, \"url\"): Kiln's boot service is not running"), none.getMessage());
        registry.bootAdvisor = r -> {
            assertEquals(Integer.valueOf(16), r.arch(), "asked as a UEFI HTTP client");
            return new BootDecision(BootAction.HTTP_LOADER, "http://10.0.0.1:8080/boot/loaders/snponly.efi", null, "HTTPClient", "n1", "os", List.of("..."));
        };
        BootSetting s = registry.setBootDevice("n1", BootChoice.HTTP, null, false);
        assertEquals("http://10.0.0.1:8080/boot/loaders/snponly.efi", s.url());
        assertTrue(s.urlSource().startsWith("Kiln's boot decision"), s.urlSource());
        registry.bootAdvisor = r -> new BootDecision(BootAction.IGNORE, null, null, null, "n1", null, List.of("host has no profile"));
        assertEquals("host 'n1': Kiln would not UEFI-HTTP-boot it (host has no profile); give the URL to boot from (--url, \"url\")",
                fails(() -> registry.setBootDevice("n1", BootChoice.HTTP, null, false)).getMessage());
    }

    @Test
    void virtualMediaAndTheBmcsOwnMessageInOneLine() {
        assertEquals("http://kiln/a.iso", registry.virtualMedia("n1", MediaAction.INSERT, "http://kiln/a.iso").image());
        assertEquals(URI.create("http://kiln/a.iso"), hw.media);
        registry.virtualMedia("n1", MediaAction.EJECT, null);
        assertNull(hw.media);
        assertEquals("eject takes no image", fails(() -> registry.virtualMedia("n1", MediaAction.EJECT, "http://kiln/a.iso")).getMessage());
        assertEquals("insert needs the image URL", fails(() -> registry.virtualMedia("n1", MediaAction.INSERT, null)).getMessage());
        hw.fault = new PluginException("Virtual media is in use by another session\n(Base.1.8.GeneralError)");
        KilnException e = fails(() -> registry.virtualMedia("n1", MediaAction.INSERT, "http://kiln/a.iso"));
        assertEquals(KilnException.Kind.UNAVAILABLE, e.kind());
        assertEquals("plugin 'hw' failed virtual-media insert for host 'n1': Virtual media is in use by another session (Base.1.8.GeneralError)", e.getMessage());
        assertEquals("virtual media action 'mount' is not one of insert, eject", fails(() -> MediaAction.parse("mount")).getMessage());
    }

    @Test
    void errorsNameTheHostAndSayWhatIsMissing() {
        assertEquals(KilnException.Kind.NOT_FOUND, fails(() -> registry.firmware("nobody")).kind());
        KilnException bare = fails(() -> registry.inspect("bare"));
        assertEquals(KilnException.Kind.INVALID, bare.kind());
        assertTrue(bare.getMessage().startsWith("host 'bare' has no BMC"), bare.getMessage());
        hosts.add("n9", "https://10.0.0.9", null);
        KilnException noPlugin = fails(() -> registry.firmware("n9"));
        assertEquals(KilnException.Kind.UNAVAILABLE, noPlugin.kind());
        assertEquals("host 'n9': no plugin for firmware: no deployed plugin that implements firmware claims BMC https://10.0.0.9", noPlugin.getMessage());
    }

    @Test
    void aFirmwareUpdateIsFollowedUntilDoneAndKeepsWhatChanged() {
        hw.pollsToFinish = 2;
        FirmwareUpdate started = registry.startFirmwareUpdate("n1", "http://kiln/fw/bmc-2.1.1.bin", false);
        assertEquals(FirmwareUpdate.State.RUNNING, started.state());
        assertEquals("fw-1", started.id());
        assertEquals(List.of(), started.changes());
        FirmwareUpdate done = registry.awaitFirmwareUpdate("n1", started.id(), Duration.ofMinutes(1));
        assertEquals(FirmwareUpdate.State.DONE, done.state(), done.toString());
        assertEquals(100, done.percent());
        assertEquals(List.of(new FirmwareChange("BMC", "2.1.0", "2.1.1")), done.changes());
        assertTrue(done.finished() != null && !done.finished().isBefore(done.started()));
        assertEquals(List.of("firmware n1", "update http://kiln/fw/bmc-2.1.1.bin n1", "progress task-1", "progress task-1", "firmware n1"), hw.asked);
        assertEquals(done, registry.firmwareUpdate("n1", "fw-1"));
        assertEquals(List.of(done), registry.firmwareUpdates("n1"));
        assertEquals(KilnException.Kind.NOT_FOUND, fails(() -> registry.firmwareUpdate("n1", "fw-9")).kind());
        assertEquals(KilnException.Kind.NOT_FOUND, fails(() -> registry.firmwareUpdate("bare", "fw-1")).kind(), "an update belongs to its host");
        assertEquals("2.1.1", registry.firmware("n1").components().get(1).version());
    }

    @Test
    void anUpdateThePluginFailsIsFailedWithItsMessage() {
        hw.ending = UpdateProgress.State.FAILED;
        FirmwareUpdate u = registry.startFirmwareUpdate("n1", "http://kiln/fw/bios.bin", true);
        FirmwareUpdate failed = registry.awaitFirmwareUpdate("n1", u.id(), Duration.ofMinutes(1));
        assertEquals(FirmwareUpdate.State.FAILED, failed.state());
        assertEquals("image signature rejected", failed.message());
        assertTrue(failed.push());
        assertTrue(hw.asked.contains("update http://kiln/fw/bios.bin push n1"), hw.asked.toString());
    }

    @Test
    void inspectionWritesTheFactsToTheHostsStatusAndKeepsOthers() {
        hosts.inventory.saveStatus(hosts.inventory.hostStatus("n1").orElseThrow().value().withHardware(Map.of("cpu", "2x EPYC", "pci", "dead:beef")), 0);
        InspectionResult r = registry.inspect("n1");
        assertEquals("hw", r.plugin());
        Map<String, String> hardware = hosts.hosts.get("n1").hardware();
        assertEquals("15b3:101d@0000:3b:00.0 10de:2330", hardware.get("pci"));
        assertEquals(List.of(new PciEntry("15b3", "101d", "0000:3b:00.0"), new PciEntry("10de", "2330", null)), PciEntry.parse(hardware.get("pci")));
        assertEquals("2x EPYC", hardware.get("cpu"), "facts inspection does not own stay");
        assertEquals("Kiln", hardware.get("manufacturer"));
        assertEquals("Test Server", hardware.get("model"));
        assertEquals(Long.toString(64L << 30), hardware.get("memory"));
        assertEquals("nvme0: 960 GB; nvme1: 960 GB", hardware.get("disks"));
        assertEquals(2, hosts.statuses.get("n1").version());
        assertEquals(r.hardware().get("pci"), hardware.get("pci"));
    }

    @Test
    void aHostIsRegisteredFromWhatItsBmcReports() {
        vault.set("rack1-bmc", "admin", "s3cret".toCharArray());
        BmcAdded a = registry.addBmc(new BmcRegistration("fake://rack1/node7", "rack1-bmc", null, null, null, null, null));
        Host h = a.host();
        assertEquals("sn-0042-a", h.name(), "named from the serial, safely");
        assertEquals(List.of("52:54:00:aa:00:01", "52:54:00:aa:00:02"), h.macs());
        assertEquals("4c4c4544-0042-3510-8052-b4c04f4e4d32", h.uuid());
        assertEquals("SN-0042/A", h.serial());
        assertEquals("fake://rack1/node7", h.bmc().address());
        assertNull(h.bmc().plugin(), "the plugin that claims it serves it, as for any host");
        assertEquals("rack1-bmc", h.bmc().credentialRef());
        assertEquals("Test Server", h.hardware().get("model"));
        assertEquals("hw", a.plugin());
        assertTrue(a.why().startsWith("claims BMC fake://rack1/node7"), a.why());
        assertEquals("inspect BMC fake://rack1/node7 as admin", hw.asked.get(0));
        // the same server again, under any name: refused, naming the host it is
        assertEquals("BMC fake://rack1/node7 already belongs to host 'sn-0042-a'",
                fails(() -> registry.addBmc(new BmcRegistration("fake://rack1/node7", null, null, "other", null, null, null))).getMessage());
        KilnException mac = fails(() -> registry.addBmc(new BmcRegistration("fake://rack1/node8", null, null, "other", null, null, null)));
        assertEquals(KilnException.Kind.CONFLICT, mac.kind());
        assertEquals("MAC 52:54:00:aa:00:01 of fake://rack1/node8 already belongs to host 'sn-0042-a'", mac.getMessage());
        assertTrue(fails(() -> registry.addBmc(new BmcRegistration("fake://rack1/node8", null, null, null, null, null, null))).getMessage()
                .startsWith("host 'sn-0042-a' already exists (the name comes from the serial number SN-0042/A of fake://rack1/node8"));
        assertEquals("host 'n1' already exists", fails(() -> registry.addBmc(new BmcRegistration("fake://rack1/node8", null, null, "n1", null, null, null)))
                .getMessage());
        hw.facts = new HardwareFacts("Kiln", "Test Server", "SN-9", "4c4c4544-0042-3510-8052-b4c04f4e4d32", List.of("52:54:00:aa:00:09"), null, null, -1);
        assertEquals("UUID 4c4c4544-0042-3510-8052-b4c04f4e4d32 of fake://rack1/node9 already belongs to host 'sn-0042-a'",
                fails(() -> registry.addBmc(new BmcRegistration("fake://rack1/node9", null, null, null, null, null, null))).getMessage());
        assertEquals(1, hosts.hosts.keySet().stream().filter(n -> n.startsWith("sn-")).count(), "nothing refused was written");
    }

    @Test
    void registeringSaysWhyItCannot() {
        assertEquals("BMC credential 'nope' is not stored (kiln:credential-set --username USER nope)",
                fails(() -> registry.addBmc(new BmcRegistration("fake://rack1/node7", "nope", null, null, null, null, null))).getMessage());
        KilnException unclaimed = fails(() -> registry.addBmc(new BmcRegistration("https://10.0.0.7", null, null, null, null, null, null)));
        assertEquals(KilnException.Kind.UNAVAILABLE, unclaimed.kind());
        assertEquals("BMC https://10.0.0.7: no plugin for inspection: no deployed plugin that implements inspection claims BMC https://10.0.0.7",
                unclaimed.getMessage());
        assertEquals("BMC https://10.0.0.7: no plugin for inspection: plugin 'redfish' named by the host is not deployed (deployed: hw)",
                fails(() -> registry.addBmc(new BmcRegistration("https://10.0.0.7", null, "redfish", null, null, null, null))).getMessage());
        hw.fault = new PluginException("connection refused", true, null);
        assertEquals("plugin 'hw' failed inspection for BMC fake://rack1/node7: connection refused (transient: trying again later may work)",
                fails(() -> registry.addBmc(new BmcRegistration("fake://rack1/node7", null, null, null, null, null, null))).getMessage());
        hw.fault = null;
        hw.facts = new HardwareFacts(null, null, " ", null, List.of("52:54:00:aa:00:09"), null, null, -1);
        assertEquals("fake://rack1/node7 reports no serial number to name the host by: give it a name (--name)",
                fails(() -> registry.addBmc(new BmcRegistration("fake://rack1/node7", null, null, null, null, null, null))).getMessage());
        hw.facts = new HardwareFacts(null, null, "SN1", null, List.of(), null, null, -1);
        assertEquals(KilnException.Kind.INVALID, fails(() -> registry.addBmc(new BmcRegistration("fake://rack1/node7", null, null, null, null, null, null))).kind());
        assertEquals(2, hosts.hosts.size(), "nothing was written");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"SN-0042/A | sn-0042-a", "  CZJ12345XY  | czj12345xy", "..abc.. | abc", "#/ | ''", "a b  c | a-b-c"})
    void namesFromSerialsAreSafe(String serial, String name) {
        assertEquals(name.isEmpty() ? null : name, InspectedFacts.nameFromSerial(serial));
    }
}
