package io.kiln.boot.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kiln.api.boot.BootAction;
import io.kiln.api.boot.BootDecision;
import io.kiln.api.boot.BootRequest;
import io.kiln.api.inventory.BootProfile;
import io.kiln.api.inventory.Host;
import io.kiln.api.inventory.Inventory;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class BootAdvisorImplTest {

    static final String EDGE = "52:54:00:12:34:56";
    static final String BARE = "52:54:00:00:00:02";
    static final String CUSTOM = "52:54:00:00:00:03";
    static final String UNKNOWN = "52:54:00:99:99:99";
    static final String UUID = "4c4c4544-0000-0000-0000-000000000001";
    static final String SERVER = "10.0.0.1";

    final MemoryInventory inventory = new MemoryInventory()
            .with(new BootProfile("microos", "microos/linux", List.of("microos/initrd"), "console=ttyS0", ""))
            .with(Host.of("edge-1", List.of(EDGE), "microos"))
            .with(Host.of("bare", List.of(BARE), null))
            .with(new Host("custom", List.of(CUSTOM), null, null, "microos", null, "ipxe.efi", Map.of()))
            .with(new Host("by-uuid", List.of("52:54:00:00:00:04"), UUID, null, "microos", null, null, Map.of()));

    static BootAdvisorImpl advisor(Inventory inventory, Map<String, Object> config) {
        return new BootAdvisorImpl(inventory, config, () -> Optional.of("198.51.100.7"));
    }

    BootAdvisorImpl advisor() {
        return advisor(inventory, Map.of());
    }

    /** A firmware request as the DHCP server builds it, arriving on SERVER. */
    static BootRequest firmware(String mac, Integer arch) {
        BootRequest r = BootRequest.of(mac, arch, false);
        return new BootRequest(r.mac(), r.arch(), r.vendorClass(), r.userClasses(), false, null, SERVER);
    }

    static BootRequest ipxe(String mac, Integer arch) {
        BootRequest r = BootRequest.of(mac, arch, true);
        return new BootRequest(r.mac(), r.arch(), r.vendorClass(), r.userClasses(), false, null, SERVER);
    }

    @Test
    void uefiHttpsBootHandsOutTheLoadersHttpsUrlOnKilnsHttpsPort() {
        BootDecision plain = advisor().decide(firmware(EDGE, 16));
        assertTrue(plain.bootFile().startsWith("http://10.0.0.1:8080/boot/loaders/"), plain.bootFile());
        BootDecision tls = advisor(inventory, Map.of("uefiHttpsBoot", "true", "httpsPort", "9443")).decide(firmware(EDGE, 16));
        assertEquals("https://10.0.0.1:9443/boot/loaders/snponly.efi", tls.bootFile());
        assertTrue(mentions(tls, "uefiHttpsBoot = true"), tls.reasons().toString());
        BootDecision pxe = advisor(inventory, Map.of("uefiHttpsBoot", "true")).decide(firmware(EDGE, 7));
        assertEquals("snponly.efi", pxe.bootFile(), "PXE (TFTP) clients are not affected");
    }

    @Test
    void anInstalledHostsScriptGoesToItsDiskAndTheExplanationSaysWhy() {
        BootAdvisorImpl a = advisor();
        a.enrollment = enrollment(h -> h.equals("edge-1") ? "its instance is RUNNING: boot from its disk" : null, h -> null);
        BootDecision d = a.decide(ipxe(EDGE, 7));
        assertTrue(mentions(d, "note: its instance is RUNNING: boot from its disk; the iPXE script will exit"), d.reasons().toString());
        assertTrue(!mentions(a.decide(ipxe("52:54:00:00:00:04", 7)), "boot from its disk"), "another host boots as before");
    }

    @Test
    void aDetachedHostGoesToItsDiskWhateverItsProfileAndTheExplanationSaysSo() {
        BootAdvisorImpl a = advisor();
        // never onboarded, no instance (no local boot): only the detach sends it to its disk
        a.enrollment = enrollment(h -> null, h -> h.equals("edge-1") ? "it is detached (by karaf): boot from its disk" : null);
        BootDecision d = a.decide(ipxe(EDGE, 7));
        assertTrue(mentions(d, "note: host 'edge-1': it is detached (by karaf): boot from its disk; the iPXE script will exit"),
                d.reasons().toString());
        assertEquals(null, d.profile(), "nothing of its profile 'microos' is served");
        assertTrue(!mentions(a.decide(ipxe("52:54:00:00:00:04", 7)), "detached"), "another host boots as before");
    }

    @Test
    void aProfileWhoseInitrdIsNotInTheArtifactsDirectorySaysTheBootWillFailAndWhichPath(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        java.nio.file.Files.createDirectories(dir.resolve("microos"));
        java.nio.file.Files.writeString(dir.resolve("microos/linux"), "kernel");
        BootAdvisorImpl a = advisor();
        a.artifacts = new ArtifactConfiguration(Map.of("artifactsDir", dir.toString(), "loadersDir", dir.toString()));
        for (BootDecision d : List.of(a.decide(ipxe(EDGE, 7)), a.decide(firmware(EDGE, 7)))) {
            assertEquals(List.of("boot will fail: initrd 'microos/initrd' of profile 'microos' is not in the artifacts directory ("
                    + dir.resolve("microos/initrd") + ": no such file); iPXE gets a 404 for it and the boot stops there"),
                    d.reasons().stream().filter(r -> r.startsWith("boot will fail")).toList(), "the kernel is there: only the initrd is named");
        }
        java.nio.file.Files.writeString(dir.resolve("microos/initrd"), "initrd");
        assertTrue(!mentions(a.decide(ipxe(EDGE, 7)), "boot will fail"), "both there: nothing to say");
    }

    /** Onboarding as the advisor sees it: why a host boots from its disk (installed; detached), never a token. */
    static io.kiln.api.onboarding.Enrollment enrollment(java.util.function.UnaryOperator<String> localBoot,
                                                        java.util.function.UnaryOperator<String> detached) {
        return new io.kiln.api.onboarding.Enrollment() {
            public io.kiln.api.onboarding.BootStage bootStage(String host, String baseUrl) {
                throw new UnsupportedOperationException("explaining must not issue tokens");
            }

            public String localBoot(String host) {
                return localBoot.apply(host);
            }

            public String detached(String host) {
                return detached.apply(host);
            }
        };
    }

    static boolean mentions(BootDecision d, String fragment) {
        return d.reasons().stream().anyMatch(r -> r.contains(fragment));
    }

    static void assertReason(BootDecision d, String fragment) {
        assertTrue(mentions(d, fragment), () -> "no reason containing '" + fragment + "' in " + d.reasons());
    }

    @ParameterizedTest(name = "arch {0} -> {1} {2}")
    @CsvSource(nullValues = "null", value = {
            "0,  TFTP_LOADER, undionly.kpxe,                                         10.0.0.1, PXEClient,  option 93 arch 0 (BIOS) -> TFTP loader undionly.kpxe",
            "7,  TFTP_LOADER, snponly.efi,                                           10.0.0.1, PXEClient,  option 93 arch 7 (EFI x64) -> TFTP loader snponly.efi",
            "9,  TFTP_LOADER, snponly.efi,                                           10.0.0.1, PXEClient,  option 93 arch 9 (EFI x64) -> TFTP loader snponly.efi",
            "16, HTTP_LOADER, http://10.0.0.1:8080/boot/loaders/snponly.efi,         null,     HTTPClient, option 93 arch 16 (EFI x64 HTTP) -> HTTP loader snponly.efi",
            "11, TFTP_LOADER, arm64-efi/snponly.efi,                                 10.0.0.1, PXEClient,  option 93 arch 11 (EFI ARM64) -> TFTP loader arm64-efi/snponly.efi",
            "19, HTTP_LOADER, http://10.0.0.1:8080/boot/loaders/arm64-efi/snponly.efi, null,   HTTPClient, option 93 arch 19 (EFI ARM64 HTTP) -> HTTP loader arm64-efi/snponly.efi",
            "6,  IGNORE,      null,                                                  null,     null,       option 93 arch 6 (EFI IA32) -> no loader configured (unsupported architecture)",
            "99, IGNORE,      null,                                                  null,     null,       option 93 arch 99 is not in the loader table",
    })
    void loaderTableByArchitecture(int arch, BootAction action, String file, String next, String vendorClass, String reason) {
        BootDecision d = advisor().decide(firmware(EDGE, arch));
        assertEquals(action, d.action(), d.reasons()::toString);
        assertEquals(file, d.bootFile());
        assertEquals(next, d.nextServer());
        assertEquals(vendorClass, d.vendorClass());
        assertEquals("edge-1", d.host());
        assertEquals("microos", d.profile());
        assertReason(d, "MAC 52:54:00:12:34:56 is host 'edge-1' (profile 'microos')");
        assertReason(d, reason);
    }

    @Test
    void theLoaderTableIsConfiguration() {
        BootAdvisorImpl a = advisor(inventory, Map.of("loaderBios", "ipxe.pxe", "loaderEfiIa32", "i386-efi/snponly.efi",
                "loaderEfiX64Http", "x64/ipxe.efi", "httpPort", 8181));
        assertEquals("ipxe.pxe", a.decide(firmware(EDGE, 0)).bootFile());
        assertEquals("i386-efi/snponly.efi", a.decide(firmware(EDGE, 6)).bootFile());
        assertEquals("http://10.0.0.1:8181/boot/loaders/x64/ipxe.efi", a.decide(firmware(EDGE, 16)).bootFile());
        assertEquals(BootAction.IGNORE, advisor(inventory, Map.of("loaderBios", "")).decide(firmware(EDGE, 0)).action());
    }

    @ParameterizedTest(name = "iPXE on arch {0} -> option 60 {1}")
    @CsvSource({"0, PXEClient", "7, PXEClient", "9, PXEClient", "16, HTTPClient", "19, HTTPClient", "99, PXEClient"})
    void ipxeGetsItsScriptUrlNeverALoader(int arch, String vendorClass) {
        BootDecision d = advisor().decide(ipxe(EDGE, arch));
        assertEquals(BootAction.IPXE_SCRIPT, d.action());
        assertEquals("http://10.0.0.1:8080/boot/ipxe?mac=52:54:00:12:34:56", d.bootFile());
        assertEquals(vendorClass, d.vendorClass());
        assertNull(d.nextServer());
        assertReason(d, "client runs iPXE (user class iPXE) -> script URL, no loader (avoids a boot loop)");
    }

    @Test
    void option175AloneMarksIpxeToo() {
        BootDecision d = advisor().decide(new BootRequest(EDGE, 7, "PXEClient:Arch:00007:UNDI:003010", List.of(), true, null, SERVER));
        assertEquals(BootAction.IPXE_SCRIPT, d.action());
        assertReason(d, "client runs iPXE (option 175)");
    }

    @ParameterizedTest(name = "unknown machine, policy {0} -> {1}")
    @CsvSource(nullValues = "null", value = {
            "ignore,   IGNORE,      null,        null,      unknown MAC 52:54:00:99:99:99; unknown-device policy is 'ignore'",
            "discover, TFTP_LOADER, snponly.efi, discovery, unknown MAC 52:54:00:99:99:99; unknown-device policy is 'discover' -> profile 'discovery'",
            "DISCOVER, TFTP_LOADER, snponly.efi, discovery, unknown-device policy is 'discover'",
    })
    void unknownDevicePolicy(String policy, BootAction action, String file, String profile, String reason) {
        BootDecision d = advisor(inventory, Map.of("unknownPolicy", policy)).decide(firmware(UNKNOWN, 7));
        assertEquals(action, d.action());
        assertEquals(file, d.bootFile());
        assertNull(d.host());
        assertEquals(profile, d.profile());
        assertReason(d, reason);
    }

    @Test
    void discoveredMachinesRunningIpxeGetTheScriptUrl() {
        BootDecision d = advisor(inventory, Map.of("unknownPolicy", "discover", "discoveryProfile", "inspect")).decide(ipxe(UNKNOWN, 0));
        assertEquals(BootAction.IPXE_SCRIPT, d.action());
        assertEquals("inspect", d.profile());
        assertReason(d, "note: boot profile 'inspect' does not exist");
    }

    @Test
    void unknownMachineRunningIpxeIsIgnoredUnderIgnore() {
        assertEquals(BootAction.IGNORE, advisor().decide(ipxe(UNKNOWN, 0)).action());
    }

    @ParameterizedTest(name = "override on arch {0}")
    @CsvSource(nullValues = "null", value = {
            "7,  TFTP_LOADER, ipxe.efi,                                     10.0.0.1, option 93 arch 7 (EFI x64) -> TFTP loader snponly.efi",
            "16, HTTP_LOADER, http://10.0.0.1:8080/boot/loaders/ipxe.efi,   null,     option 93 arch 16 (EFI x64 HTTP) -> HTTP loader snponly.efi",
            "6,  TFTP_LOADER, ipxe.efi,                                     10.0.0.1, option 93 arch 6 (EFI IA32) -> no loader configured",
    })
    void hostLoaderOverridesTheTable(int arch, BootAction action, String file, String next, String tableReason) {
        BootDecision d = advisor().decide(firmware(CUSTOM, arch));
        assertEquals(action, d.action());
        assertEquals(file, d.bootFile());
        assertEquals(next, d.nextServer());
        assertReason(d, tableReason);
        assertReason(d, "host override: loader ipxe.efi");
        // the table line comes first, then the override that beat it
        List<String> r = d.reasons();
        assertTrue(r.indexOf(r.stream().filter(s -> s.startsWith("host override")).findFirst().orElseThrow())
                > r.indexOf(r.stream().filter(s -> s.startsWith("option 93")).findFirst().orElseThrow()));
    }

    @Test
    void overrideCannotRescueAnArchitectureMissingFromTheTable() {
        assertEquals(BootAction.IGNORE, advisor().decide(firmware(CUSTOM, 99)).action());
    }

    @Test
    void knownHostWithoutProfileIsIgnored() {
        BootDecision d = advisor().decide(firmware(BARE, 0));
        assertEquals(BootAction.IGNORE, d.action());
        assertEquals("bare", d.host());
        assertReason(d, "MAC 52:54:00:00:00:02 is host 'bare' (no profile)");
        assertReason(d, "host has no boot profile");
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"zz", "52:54:00:12:34", "52:54:00:12:34:56:78", "not a mac"})
    void invalidMacIsIgnoredWithTheReason(String mac) {
        BootDecision d = advisor().decide(new BootRequest(mac, 0, "PXEClient", List.of(), false, null, SERVER));
        assertEquals(BootAction.IGNORE, d.action());
        assertTrue(d.reasons().get(0).startsWith("invalid MAC"), d.reasons()::toString);
    }

    @Test
    void nullRequestIsIgnored() {
        assertEquals(BootAction.IGNORE, advisor().decide(null).action());
    }

    @ParameterizedTest(name = "no option 93, option 60 ''{0}'' -> {1}")
    @CsvSource(nullValues = "null", value = {
            "null,                             IGNORE,      null,          no option 93 and no option 60 -> not a PXE/HTTP boot client",
            "udhcp 1.36.1,                     IGNORE,      null,          option 60 'udhcp 1.36.1' -> not a PXE/HTTP boot client",
            "PXEClient,                        TFTP_LOADER, undionly.kpxe, no option 93, but option 60 says PXEClient -> assuming arch 0 (BIOS)",
            "PXEClient:Arch:00007:UNDI:003000, TFTP_LOADER, snponly.efi,   option 60 'PXEClient:Arch:00007:UNDI:003000' names arch 7",
            "HTTPClient,                       HTTP_LOADER, http://10.0.0.1:8080/boot/loaders/snponly.efi, assuming arch 16 (EFI x64 HTTP)",
    })
    void missingOption93(String vendorClass, BootAction action, String file, String reason) {
        BootDecision d = advisor().decide(new BootRequest(EDGE, null, vendorClass, List.of(), false, null, SERVER));
        assertEquals(action, d.action());
        assertEquals(file, d.bootFile());
        assertReason(d, reason);
    }

    @Test
    void uuidFindsTheHostWhenTheMacIsNew() {
        BootDecision d = advisor().decide(new BootRequest(UNKNOWN, 7, "PXEClient", List.of(), false, UUID.toUpperCase(), SERVER));
        assertEquals("by-uuid", d.host());
        assertEquals(BootAction.TFTP_LOADER, d.action());
        assertReason(d, "MAC 52:54:00:99:99:99 is not registered; UUID " + UUID + " is host 'by-uuid' (profile 'microos')");
    }

    @ParameterizedTest
    @CsvSource({"00000000-0000-0000-0000-000000000000, UUID is all zeros", "not-a-uuid, is malformed: not used"})
    void unusableUuidsAreNotLookedUp(String uuid, String reason) {
        BootDecision d = advisor().decide(new BootRequest(UNKNOWN, 7, "PXEClient", List.of(), false, uuid, SERVER));
        assertEquals(BootAction.IGNORE, d.action());
        assertReason(d, reason);
        assertReason(d, "unknown MAC 52:54:00:99:99:99; unknown-device policy is 'ignore'");
    }

    @Test
    void configuredServerAddressWinsOverTheRequest() {
        BootDecision d = advisor(inventory, Map.of("serverAddress", "192.0.2.5")).decide(firmware(EDGE, 0));
        assertEquals("192.0.2.5", d.nextServer());
        assertReason(d, "server address 192.0.2.5 (configured serverAddress)");
    }

    @Test
    void requestAddressIsUsedAndSaidSo() {
        assertReason(advisor().decide(firmware(EDGE, 0)), "server address 10.0.0.1 (the address the request reached)");
    }

    @Test
    void withoutAnyAddressTheMachinesOwnIsUsedAndSaidSo() {
        BootDecision d = advisor().decide(BootRequest.of(EDGE, 16, false));
        assertEquals("http://198.51.100.7:8080/boot/loaders/snponly.efi", d.bootFile());
        assertReason(d, "first non-loopback IPv4 of this machine");
    }

    @Test
    void noAddressAtAllIsIgnoredWithTheReason() {
        BootAdvisorImpl a = new BootAdvisorImpl(inventory, Map.of(), Optional::empty);
        BootDecision d = a.decide(BootRequest.of(EDGE, 0, false));
        assertEquals(BootAction.IGNORE, d.action());
        assertReason(d, "no server address");
    }

    @Test
    void httpsSchemeAndPortShapeTheUrls() {
        BootDecision d = advisor(inventory, Map.of("httpScheme", "https", "httpPort", 8443)).decide(ipxe(EDGE, 7));
        assertEquals("https://10.0.0.1:8443/boot/ipxe?mac=52:54:00:12:34:56", d.bootFile());
    }

    @Test
    void aFailingInventoryBecomesIgnoreNotAnException() {
        Inventory broken = new MemoryInventory() {
            @Override
            public Optional<Host> hostByMac(String mac) {
                throw new IllegalStateException("disk on fire");
            }
        };
        BootDecision d = advisor(broken, Map.of()).decide(firmware(EDGE, 0));
        assertEquals(BootAction.IGNORE, d.action());
        assertReason(d, "internal error");
    }

    @ParameterizedTest
    @CsvSource({"unknownPolicy, maybe", "httpScheme, ftp", "serverAddress, kiln.example", "httpPort, abc", "httpPort, 0"})
    void aBadValueBootsOnItsDefaultInsteadOfFailing(String key, String value) {
        BootDecision d = advisor(inventory, Map.of(key, value)).decide(firmware(EDGE, 16));
        assertEquals(BootAction.HTTP_LOADER, d.action());
        assertEquals("http://10.0.0.1:8080/boot/loaders/snponly.efi", d.bootFile());
    }
}
