package io.kiln.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Real firmware network-boots from the assembled Kiln: QEMU (TCG) virtual machines on a bridge in a namespace
 * ({@link BridgeLab}, 10.213.9.0/24) boot Kiln's micro-OS (node-agent/microos, a Debian kernel + busybox initramfs)
 * through SeaBIOS + iPXE ROM, genuine EDK2 UEFI PXE (OVMF, no NIC option ROM) and EDK2 UEFI HTTP boot, with Kiln
 * as the only DHCP server (mode full) and, with dnsmasq handing out addresses, in proxy mode. The micro-OS reports
 * its MAC and kernel command line to Kiln ({@code POST /boot/report}) and powers off; that report is the proof.
 *
 * <p>Two machines are powered on through their BMC, as an operator does with no one on site: a virtual BMC per VM
 * ({@link VirtualBmc}: Redfish on DMTF's mockup, over pinned TLS) driven by the Redfish plugin deployed into Kiln. The
 * BIOS machine PXE-boots by a one-time boot override; the CD machine boots Kiln's micro-OS boot CD, inserted as
 * virtual media from Kiln's own HTTP server, with no PXE at all (the CD carries Kiln's URL, filled in as it is served).
 *
 * <p>Each boot prints {@code BOOT <path>: N s power-on to iPXE script, M s to report}. Kiln answers iPXE's IPv6 router
 * solicitations (routerAdvertisements, default on), without which iPXE waits ~13 s for IPv6 at each boot; bench/boot
 * sets these times beside the recipe's dnsmasq setup.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FirmwareBootIT {
    static final int BOOT_TIMEOUT_S = 240;
    static final String OVMF_CODE = "/usr/share/OVMF/OVMF_CODE_4M.fd", OVMF_VARS = "/usr/share/OVMF/OVMF_VARS_4M.fd";
    static final String BIOS = "52:54:00:09:00:01", EFI = "52:54:00:09:00:07", HTTP = "52:54:00:09:00:16",
            PROXY = "52:54:00:09:00:02", STRANGER = "52:54:00:09:ff:ff", CD = "52:54:00:09:00:cd";
    static final String CMDLINE = "console=ttyS0 panic=1 initrd=initrd.img kiln.host=${host} kiln.mac=${mac} kiln.url=${kiln.url}";

    enum Firmware { BIOS, UEFI_PXE, UEFI_HTTP }

    static BridgeLab lab;
    static KilnAppliance kiln;
    static Path runDir;
    static String kilnUrl;
    static final List<String> summary = new ArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        for (String f : List.of(OVMF_CODE, OVMF_VARS, "/usr/lib/ipxe/qemu/pxe-virtio.rom", "/usr/lib/ipxe/snponly.efi")) {
            assertTrue(Files.exists(Path.of(f)), f + " is missing: install qemu-system-x86, ovmf, ipxe, ipxe-qemu (see .ci/run)");
        }
        assertTrue(Exec.run(10, "qemu-system-x86_64", "--version").ok(), "qemu-system-x86_64 is missing (apt-get install qemu-system-x86)");
        assertTrue(Exec.run(10, "dnsmasq", "--version").ok(), "dnsmasq is missing (apt-get install dnsmasq-base)");
        Path work = Path.of(System.getProperty("kiln.work", "target/it"));
        runDir = Files.createDirectories(work.resolve("fw-runs"));

        // the micro-OS, built from Debian packages by the project's script (cached between runs)
        Path microos = Path.of(System.getProperty("kiln.microos", work.resolveSibling("microos").toString())).toAbsolutePath();
        String build = System.getProperty("kiln.microos.build", "../node-agent/microos/build.sh");
        long t0 = System.nanoTime();
        Exec.Result b = Exec.run(600, null, List.of("bash", build, microos.toString()));
        assertTrue(b.ok(), "micro-OS build failed:\n" + b.out());
        Exec.Result iso = Exec.run(300, null, List.of("bash", Path.of(build).resolveSibling("build-iso.sh").toString(), microos.toString()));
        assertTrue(iso.ok(), "micro-OS boot CD build failed (xorriso installed?):\n" + iso.out());
        System.out.printf("%s(%.1f s)%n", b.out(), (System.nanoTime() - t0) / 1e9);

        lab = new BridgeLab("fw-br", 9);
        for (String tap : List.of("tbios", "tefi", "thttp", "tproxy", "tstranger", "tcd")) lab.tap(tap);
        kilnUrl = "http://" + lab.serverIp + ":8080";
        kiln = new KilnAppliance("fw", lab.ns);
        kiln.config("io.kiln.dhcp", KilnAppliance.fullModeDhcp(lab.bridge, lab.prefix, 150));
        Path artifacts = Files.createDirectories(kiln.home.resolve("data/kiln/artifacts"));
        Files.copy(microos.resolve("vmlinuz"), artifacts.resolve("vmlinuz"));
        Files.copy(microos.resolve("initrd.img"), artifacts.resolve("initrd.img"));
        Files.copy(microos.resolve("microos.iso"), artifacts.resolve("microos.iso"));
        kiln.start();

        // the Redfish plugin, as an operator deploys it, and one login for both virtual BMCs
        Path redfish = Path.of(System.getProperty("kiln.redfishPlugin"));
        assertTrue(Files.isRegularFile(redfish), "the Redfish plugin is built first: " + redfish);
        Files.copy(redfish, kiln.home.resolve("plugin-staging.jar"));
        Files.move(kiln.home.resolve("plugin-staging.jar"), kiln.home.resolve("deploy/" + redfish.getFileName()), java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        Path pw = kiln.home.resolve("vbmc.pw");
        Files.writeString(pw, VirtualBmc.PASSWORD + "\n");
        String stored = kiln.client("kiln:credential-set --username " + VirtualBmc.USER + " --password-file " + pw + " vbmc");
        assertTrue(stored.contains("Stored credential vbmc"), stored);
        Files.delete(pw);
        KilnAppliance.poll(() -> kiln.rest("GET", "/plugins", null).body(), b2 -> b2.contains("\"redfish\""), Duration.ofSeconds(60), Duration.ofMillis(200));

        String out = kiln.client("kiln:profile-add --kernel vmlinuz --initrd initrd.img --cmdline '" + CMDLINE + "' microos");
        assertTrue(out.contains("Added profile microos"), out);
        for (String[] h : new String[][] {{"efi-1", EFI}, {"http-1", HTTP}, {"proxy-1", PROXY}}) {
            out = kiln.client("kiln:host-add --mac " + h[1] + " --profile microos " + h[0]);
            assertTrue(out.contains("Added host " + h[0]), out);
        }
        // the machines with a BMC are powered by the tests, not by their ZTP workflow: their role's workflow waits for an
        // approval that never comes (a template posted as an inventory entity, named by the role)
        Http manual = kiln.rest("POST", "/workflows", "{\"name\": \"hands-off\", \"description\": \"Kiln leaves the power to the operator\","
                + " \"steps\": [{\"type\": \"wait-approval\"}]}");
        assertEquals(201, manual.status(), manual.toString());
        out = kiln.client("kiln:role-add --workflow hands-off hands-off");
        assertTrue(out.contains("Added role hands-off"), out);
        // machines with a BMC: Kiln reaches each virtual BMC at 127.0.0.1 in the namespace, trusting its certificate only
        for (String[] h : new String[][] {{"bios-1", BIOS, "tbios"}, {"cd-1", CD, "tcd"}}) {
            Path dir = Files.createDirectories(runDir.resolve("vbmc-" + h[0]));
            Files.deleteIfExists(dir.resolve("bmc.address"));
            Files.deleteIfExists(dir.resolve("serial.log"));
            List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx96m", "-cp",
                    System.getProperty("java.class.path"), VirtualBmc.class.getName(), System.getProperty("kiln.redfish.mockup"), dir.toString(), h[1]));
            cmd.addAll(qemu(Firmware.BIOS, h[1], h[2], dir, h[0].equals("bios-1")));
            Process vbmc = lab.spawn(dir.resolve("vbmc.out"), cmd.toArray(String[]::new));
            String address = KilnAppliance.poll(() -> Files.exists(dir.resolve("bmc.address")) ? Files.readString(dir.resolve("bmc.address")).trim() : "",
                    a -> !a.isEmpty() || !vbmc.isAlive(), Duration.ofSeconds(60), Duration.ofMillis(200));
            assertTrue(!address.isEmpty(), "the virtual BMC did not start:\n" + tail(dir.resolve("vbmc.out")));
            String[] portAndPin = address.split(" ");
            if (h[0].equals("bios-1")) {
                // registered from its BMC: Kiln reads the server (MACs, UUID, serial) through Redfish; the pin reaches the plugin first
                out = kiln.client("kiln:bmc-add --credential vbmc --plugin redfish --name bios-1 --profile microos --role hands-off --var redfish.tlsSha256="
                        + portAndPin[1] + " https://127.0.0.1:" + portAndPin[0]);
                assertTrue(out.contains("Added host bios-1 " + BIOS + ",") && out.contains("(plugin redfish)") && out.contains("serial 437XR1138R2"), out);
            } else {
                out = kiln.client("kiln:host-add --mac " + h[1] + " --profile microos --role hands-off --bmc https://127.0.0.1:" + portAndPin[0] + " --bmc-plugin redfish"
                        + " --bmc-credential vbmc --var redfish.tlsSha256=" + portAndPin[1] + " " + h[0]);
                assertTrue(out.contains("Added host " + h[0]), out);
            }
        }
    }

    @AfterAll
    static void stop() throws Exception {
        if (!summary.isEmpty()) System.out.println("FirmwareBootIT summary:\n  " + String.join("\n  ", summary));
        KilnAppliance.closeAll(kiln, lab);
    }

    // ---- mode full: Kiln is the only DHCP server on the bridge ----

    @Test
    @Order(1)
    void biosIpxeRomBootsTheMicroOsPoweredOnThroughItsBmc() throws Exception {
        long tftp = tftpRequests();
        String off = kiln.client("kiln:bmc-power bios-1 status");
        assertTrue(off.contains("bios-1: power OFF (plugin redfish)"), off);
        String pxe = kiln.client("kiln:bmc-boot bios-1 pxe");
        assertTrue(pxe.contains("bios-1") && pxe.contains("pxe") && !pxe.contains("rror"), pxe);
        long t0 = System.currentTimeMillis();
        String on = kiln.client("kiln:bmc-power bios-1 on");
        assertTrue(on.contains("bios-1: power on accepted; power ON (plugin redfish)"), on);
        awaitReport("bios", BIOS, "bios-1", runDir.resolve("vbmc-bios-1"), t0, CMDLINE.replace("${host}", "bios-1").replace("${mac}", BIOS)
                .replace("${kiln.url}", kilnUrl));
        assertEquals(1, kiln.countLogLines("machine " + BIOS + " host=bios-1 "), "one iPXE script, no boot loop:\n" + kiln.logTail());
        assertLeased(BIOS);
        assertEquals(tftp, tftpRequests(), "the iPXE ROM got its script URL at once: no TFTP");
        String after = KilnAppliance.poll(() -> kiln.client("kiln:bmc-power bios-1 status"), s2 -> s2.contains("power OFF"), Duration.ofSeconds(30),
                Duration.ofMillis(500));
        assertTrue(after.contains("bios-1: power OFF (plugin redfish)"), "the micro-OS powered off, and its BMC says so: " + after);
    }

    @Test
    @Order(2)
    void aBmcBootsKilnsBootCdAsVirtualMediaWithNoPxe() throws Exception {
        long tftp = tftpRequests();
        String image = kilnUrl + "/artifacts/microos.iso";
        String inserted = kiln.client("kiln:bmc-media cd-1 insert " + image);
        assertTrue(inserted.contains("cd-1") && !inserted.contains("rror"), inserted);
        String cd = kiln.client("kiln:bmc-boot cd-1 cd");
        assertTrue(cd.contains("cd-1") && cd.contains("cd") && !cd.contains("rror"), cd);
        long t0 = System.currentTimeMillis();
        String on = kiln.client("kiln:bmc-power cd-1 on");
        assertTrue(on.contains("cd-1: power on accepted; power ON (plugin redfish)"), on);
        // the BMC fetched the CD from Kiln as its virtual media, and Kiln wrote its URL (as the BMC reached it) into it
        awaitReport("cd", CD, "cd-1", runDir.resolve("vbmc-cd-1"), t0, "kiln.boot=cd kiln.url=" + kilnUrl + " ");
        assertEquals(0, kiln.countLogLines("machine " + CD + " "), "no iPXE script: it never PXE-booted");
        assertEquals(tftp, tftpRequests(), "no TFTP either");
        String ejected = kiln.client("kiln:bmc-media cd-1 eject");
        assertTrue(ejected.contains("cd-1") && !ejected.contains("rror"), ejected);
    }

    @Test
    @Order(4)
    void uefiPxeBootsThroughSnponlyAndIpxeWithoutLooping() throws Exception {
        long tftp = tftpRequests();
        boot("uefi-pxe", Firmware.UEFI_PXE, EFI, "efi-1", "tefi");
        assertLeased(EFI);
        assertTrue(tftpRequests() > tftp, "EDK2 fetched snponly.efi over TFTP");
    }

    @Test
    @Order(5)
    void uefiHttpBootFetchesTheLoaderOverHttp() throws Exception {
        long tftp = tftpRequests();
        boot("uefi-http", Firmware.UEFI_HTTP, HTTP, "http-1", "thttp");
        assertLeased(HTTP);
        assertEquals(tftp, tftpRequests(), "the loader came over HTTP: no TFTP");
    }

    /** The boots above were quick because Kiln answered iPXE's router solicitations: without, each waits ~13 s. */
    @Test
    @Order(6)
    void kilnAnsweredTheRouterSolicitationsOfTheBoots() throws Exception {
        Http r = kiln.rest("GET", "/dhcp/status", null);
        JsonNode ra = r.json().path("routerAdvertisements");
        assertEquals("on", ra.path("state").asText(), r.toString());
        assertEquals(lab.bridge, ra.path("interfaces").path(0).asText(), r.toString());
        // at least one solicitation from each of the three iPXE boots (bios, uefi-pxe after snponly.efi, uefi-http), each answered
        assertTrue(ra.path("solicitations").asLong() >= 3 && ra.path("advertisements").asLong() >= 3, "router solicitations answered: " + r);
        String status = kiln.client("kiln:dhcp-status");
        assertTrue(status.contains("IPv6 RA:    on on " + lab.bridge + " (solicitations " + ra.path("solicitations").asLong()), status);
        String line = "IPv6 RA: " + ra.path("solicitations").asLong() + " router solicitations, " + ra.path("advertisements").asLong()
                + " advertisements sent";
        System.out.println(line);
        summary.add(line);
    }

    // ---- mode proxy: dnsmasq hands out addresses, Kiln only boot information ----

    @Test
    @Order(7)
    void proxyModeNextToAnotherDhcpServer() throws Exception {
        kiln.config("io.kiln.dhcp", Map.of("mode", "proxy", "interfaces", lab.bridge));
        String status = kiln.clientUntil("kiln:dhcp-status", s -> s.contains("Mode:       proxy") && s.contains("4011"), Duration.ofSeconds(60));
        assertTrue(status.contains("Mode:       proxy") && status.contains("4011"), "Kiln switched to proxy mode: " + status);
        Path dir = Files.createDirectories(runDir.resolve("dnsmasq"));
        for (String f : List.of("dnsmasq.leases", "dnsmasq.log")) Files.deleteIfExists(dir.resolve(f));
        Files.writeString(dir.resolve("dnsmasq.conf"), String.join("\n",
                "# addresses only: no boot options, no DNS; Kiln (proxy mode) answers the boot clients",
                "port=0", "interface=" + lab.bridge, "bind-interfaces", "except-interface=lo",
                "dhcp-range=" + lab.prefix + "160," + lab.prefix + "199,255.255.255.0,10m", "no-ping",
                "dhcp-leasefile=" + dir.resolve("dnsmasq.leases"), "log-dhcp", "log-facility=" + dir.resolve("dnsmasq.log"),
                "pid-file=", "user=root", ""));
        Process dnsmasq = lab.spawn(dir.resolve("dnsmasq.out"), "dnsmasq", "--keep-in-foreground", "--conf-file=" + dir.resolve("dnsmasq.conf"));
        Thread.sleep(500);
        assertTrue(dnsmasq.isAlive(), "dnsmasq did not start:\n" + tail(dir.resolve("dnsmasq.out")));

        boot("proxy-bios", Firmware.BIOS, PROXY, "proxy-1", "tproxy");
        assertTrue(kiln.awaitLog("to " + PROXY + " (proxy-1)", Duration.ofSeconds(10)), "Kiln answered as proxy:\n" + kiln.logTail());
        String leases = Files.readString(dir.resolve("dnsmasq.leases"));
        assertTrue(leases.contains(PROXY), "the address came from dnsmasq: " + leases);
    }

    @Test
    @Order(8)
    void unregisteredMachineGetsNoBootAnswer() throws Exception {
        long before = KilnAppliance.counter(kiln.client("kiln:dhcp-status"), "Ignored");
        Path dir = Files.createDirectories(runDir.resolve("stranger"));
        Path serial = dir.resolve("serial.log");
        Files.deleteIfExists(serial);
        long t0 = System.currentTimeMillis();
        Process q = lab.spawn(dir.resolve("qemu.out"), qemu(Firmware.BIOS, STRANGER, "tstranger", dir).toArray(String[]::new));
        try {
            // iPXE got an address from dnsmasq and, with no boot answer from Kiln, gives up: "Nothing to boot"
            String console = KilnAppliance.poll(() -> {
                String seen = tail(serial);
                assertTrue(q.isAlive(), "QEMU exited early:\n" + seen);
                return seen;
            }, seen -> seen.contains("Nothing to boot"), Duration.ofSeconds(90), Duration.ofMillis(500));
            long gaveUpAt = System.currentTimeMillis();
            assertTrue(console.contains("Nothing to boot"), "iPXE did not give up within 90 s:\n" + console);
            Path dnsmasqLog = runDir.resolve("dnsmasq/dnsmasq.log");
            assertTrue(Files.readString(dnsmasqLog).matches("(?s).*DHCPACK\\(br0\\) \\S+ " + STRANGER + ".*"),
                    "it had an address from dnsmasq:\n" + Files.readString(dnsmasqLog));
            long after = KilnAppliance.counter(kiln.client("kiln:dhcp-status"), "Ignored");
            assertTrue(after > before, "Kiln counted the unregistered machine's requests as ignored: " + before + " -> " + after);
            assertEquals("", reports(STRANGER), "no report from an unregistered machine");
            assertEquals(0, kiln.countLogLines("machine " + STRANGER + " "), "no iPXE script for it");
            String explain = kiln.client("kiln:boot-explain --arch 0 --ipxe " + STRANGER);
            assertTrue(explain.contains("IGNORE"), explain);
            String line = String.format("STRANGER: ignored (Ignored %d -> %d); iPXE: nothing to boot %.1f s after power-on; no report",
                    before, after, (gaveUpAt - t0) / 1000.0);
            System.out.println(line);
            summary.add(line);
        } finally {
            BridgeLab.kill(q);
        }
    }

    // ---- helpers ----

    /** Powers a VM on, waits for its micro-OS report, checks it and prints the time it took. */
    static void boot(String label, Firmware fw, String mac, String host, String tap) throws Exception {
        Path dir = Files.createDirectories(runDir.resolve(label));
        Path serial = dir.resolve("serial.log");
        Files.deleteIfExists(serial);
        List<String> cmd = qemu(fw, mac, tap, dir);
        Files.writeString(dir.resolve("qemu.cmd"), String.join(" ", cmd) + "\n");
        long t0 = System.currentTimeMillis();
        Process q = lab.spawn(dir.resolve("qemu.out"), cmd.toArray(String[]::new));
        try {
            String report = KilnAppliance.poll(() -> {
                String r = reports(mac);
                if (r.isEmpty() && !q.isAlive()) fail(label + ": QEMU exited (" + q.exitValue() + ") without a report; serial console:\n"
                        + tail(serial) + "\nKiln log:\n" + kiln.logTail());
                return r;
            }, r -> !r.isEmpty(), Duration.ofSeconds(BOOT_TIMEOUT_S), Duration.ofMillis(250));
            if (report.isEmpty()) fail(label + ": no report within " + BOOT_TIMEOUT_S + " s; serial console:\n" + tail(serial)
                    + "\nKiln log:\n" + kiln.logTail());
            String[] f = report.lines().findFirst().orElseThrow().split(" ", 3);
            long reportedAt = Long.parseLong(f[0]);
            assertEquals(mac, f[1], report);
            String rendered = CMDLINE.replace("${host}", host).replace("${mac}", mac).replace("${kiln.url}", kilnUrl);
            assertTrue(f.length == 3 && f[2].contains(rendered), label + ": the command line Kiln rendered, expected '" + rendered
                    + "', reported: " + report);
            assertEquals(1, kiln.countLogLines("machine " + mac + " host=" + host + " "), label + ": one iPXE script, no boot loop:\n"
                    + kiln.logTail());
            String line = String.format("BOOT %s: %s%.1f s power-on to report", label, scriptTime(host, t0), (reportedAt - t0) / 1000.0);
            System.out.println(line);
            summary.add(line);
            // the micro-OS powers off after reporting, and -no-reboot makes QEMU exit then
            assertTrue(q.waitFor(30, TimeUnit.SECONDS), label + ": the VM did not power off after reporting:\n" + tail(serial));
        } finally {
            BridgeLab.kill(q);
        }
    }

    /** Waits for the micro-OS report of a VM its BMC powered on, checks the command line it booted with, prints the time. */
    static void awaitReport(String label, String mac, String host, Path dir, long t0, String cmdline) throws Exception {
        String report = KilnAppliance.poll(() -> reports(mac), r -> !r.isEmpty(), Duration.ofSeconds(BOOT_TIMEOUT_S), Duration.ofMillis(250));
        if (report.isEmpty()) fail(label + ": no report within " + BOOT_TIMEOUT_S + " s; serial console:\n" + tail(dir.resolve("serial.log"))
                + "\nvirtual BMC:\n" + tail(dir.resolve("vbmc.out")) + "\nKiln log:\n" + kiln.logTail());
        String[] f = report.lines().findFirst().orElseThrow().split(" ", 3);
        assertEquals(mac, f[1], report);
        assertTrue(f.length == 3 && (f[2] + " ").contains(cmdline), label + ": expected '" + cmdline + "' in the reported command line: " + report);
        String line = String.format("BOOT %s (powered on through its BMC): %s%.1f s power-on to report", label, scriptTime(host, t0),
                (Long.parseLong(f[0]) - t0) / 1000.0);
        System.out.println(line);
        summary.add(line);
    }

    static List<String> qemu(Firmware fw, String mac, String tap, Path dir) throws IOException {
        return qemu(fw, mac, tap, dir, true);
    }

    /** @param nicFirst false: no bootindex on the NIC, so a BMC's boot order (-boot once=d) decides */
    static List<String> qemu(Firmware fw, String mac, String tap, Path dir, boolean nicFirst) throws IOException {
        List<String> q = new ArrayList<>(List.of("qemu-system-x86_64", "-name", "kiln-fw-" + tap, "-accel", "tcg", "-m", "512",
                "-smp", "1", "-nographic", "-monitor", "none", "-serial", "file:" + dir.resolve("serial.log"), "-no-reboot",
                "-netdev", "tap,id=n0,ifname=" + tap + ",script=no,downscript=no"));
        String nic = "virtio-net-pci,netdev=n0,mac=" + mac + (nicFirst ? ",bootindex=1" : "");
        if (fw == Firmware.BIOS) {
            // SeaBIOS with QEMU's iPXE option ROM (pxe-virtio.rom); no VGA, so SeaBIOS and iPXE write to the serial port
            q.addAll(List.of("-machine", "pc", "-vga", "none"));
        } else {
            Path vars = dir.resolve("OVMF_VARS.fd");
            Files.copy(Path.of(OVMF_VARS), vars, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            q.addAll(List.of("-machine", "q35", "-drive", "if=pflash,format=raw,unit=0,readonly=on,file=" + OVMF_CODE,
                    "-drive", "if=pflash,format=raw,unit=1,file=" + vars));
            nic += ",romfile="; // no iPXE option ROM: OVMF's own VirtioNetDxe + PxeBcDxe / HttpBootDxe, the genuine EDK2 clients
            if (fw == Firmware.UEFI_HTTP) {
                // OVMF's fw_cfg knobs: no PXEv4/PXEv6 boot options, so HTTPv4 comes first (else minutes of PXE time-outs)
                q.addAll(List.of("-fw_cfg", "name=opt/org.tianocore/IPv4PXESupport,string=n",
                        "-fw_cfg", "name=opt/org.tianocore/IPv6PXESupport,string=n"));
            }
        }
        q.addAll(List.of("-device", nic));
        return q;
    }

    /**
     * "N s power-on to iPXE script, " from the host's timeline (its first {@code ipxe-script} event at or after
     * {@code t0}), or "" when the host got no script (the boot CD).
     */
    static String scriptTime(String host, long t0) {
        Http r = kiln.rest("GET", "/hosts/" + host + "/events?limit=1000", null);
        assertEquals(200, r.status(), r.toString());
        for (JsonNode e : r.json()) {
            long at = java.time.Instant.parse(e.path("at").asText()).toEpochMilli();
            if (e.path("type").asText().equals("ipxe-script") && at >= t0) return String.format("%.1f s power-on to iPXE script, ", (at - t0) / 1000.0);
        }
        return "";
    }

    /** Kiln's micro-OS reports for a MAC ("epoch-ms mac cmdline" lines), read from inside the namespace. */
    static String reports(String mac) {
        Http r = kiln.http().get("/boot/report?mac=" + mac);
        return r.status() == 200 ? r.body().trim() : "";
    }

    /** TFTP read requests Kiln has seen (REST API, from loopback inside the namespace). */
    static long tftpRequests() {
        Http r = kiln.rest("GET", "/tftp/status", null);
        JsonNode requests = r.json().get("requests");
        assertTrue(r.status() == 200 && requests != null && requests.canConvertToLong(), "TFTP status: " + r);
        return requests.asLong();
    }

    static void assertLeased(String mac) throws IOException {
        String leases = kiln.client("kiln:lease-list");
        assertTrue(leases.lines().anyMatch(l -> l.contains(mac) && l.contains(lab.prefix)), "lease for " + mac + ":\n" + leases);
    }

    static String tail(Path file) {
        return KilnAppliance.tail(file, 4000);
    }
}
