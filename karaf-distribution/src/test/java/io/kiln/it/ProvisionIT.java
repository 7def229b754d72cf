package io.kiln.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * End to end, with real parts only: a UEFI VM (QEMU, OVMF) with an empty disk powers on in a namespace the test
 * creates; Kiln (mode full) answers its UEFI HTTP boot with the loader's https URL, which OVMF fetches trusting
 * Kiln's boot CA only; iPXE loads the micro-OS with the node agent; the agent onboards
 * over TLS pinned to Kiln's CA with the one-time token of its boot script, gets its certificate, writes the OS image
 * (built by node-agent/os-image from Debian packages) to the disk the host's root-device hints choose, writes the
 * NoCloud seed and its credentials into it, and reboots; the VM then boots FROM ITS DISK (no second iPXE script, no
 * TFTP), and the installed system reports its first boot with the credentials it was given, making the instance
 * RUNNING. The setup is the README's quick start ("Quick start: provision a machine"), run as written.
 *
 * <p>Prints {@code PROVISION vm-1: N s power-on to RUNNING} with the time of each step.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ProvisionIT {
    static final int TIMEOUT_S = 900;
    static final String OVMF_CODE = "/usr/share/OVMF/OVMF_CODE_4M.fd", OVMF_VARS = "/usr/share/OVMF/OVMF_VARS_4M.fd";
    static final String MAC = "52:54:00:24:00:01", UUID = "5c0ffee0-2400-4b1d-8e2a-000000000001", SERIAL = "KILN-VM-1";
    static final String SECTION = "## Quick start: provision a machine";

    static BridgeLab lab;
    static KilnAppliance kiln;
    static Path runDir, osImage;
    static String sha256;
    static final List<String> summary = new ArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        for (String f : List.of(OVMF_CODE, OVMF_VARS, "/usr/lib/ipxe/snponly.efi")) {
            assertTrue(Files.exists(Path.of(f)), f + " is missing: install qemu-system-x86, ovmf, ipxe (see .ci/run)");
        }
        Path work = Path.of(System.getProperty("kiln.work", "target/it"));
        runDir = Files.createDirectories(work.resolve("provision"));
        Path agent = Path.of(System.getProperty("kiln.agentJar"));
        assertTrue(Files.isRegularFile(agent), "the node agent is built first: " + agent);

        // the micro-OS with the agent, and the OS image, built by the project's scripts from Debian packages (cached)
        Path microos = work.resolveSibling("microos-agent").toAbsolutePath();
        osImage = work.resolveSibling("os-image").toAbsolutePath();
        long t0 = System.nanoTime();
        Exec.Result b = Exec.run(900, null, List.of("bash", "../node-agent/microos/build.sh", microos.toString(), agent.toString()));
        assertTrue(b.ok(), "micro-OS build failed:\n" + b.out());
        Exec.Result o = Exec.run(900, null, List.of("bash", "../node-agent/os-image/build.sh", osImage.toString(), agent.toString()));
        assertTrue(o.ok(), "OS image build failed:\n" + o.out());
        System.out.printf("%s%s(%.1f s)%n", b.out(), o.out(), (System.nanoTime() - t0) / 1e9);

        lab = new BridgeLab("pv-br", 24);
        lab.tap("tvm1");
        kiln = new KilnAppliance("pv", lab.ns);
        kiln.config("io.kiln.dhcp", KilnAppliance.fullModeDhcp(lab.bridge, lab.prefix, 150));
        // UEFI HTTP boot clients get the loader over HTTPS (Kiln's RSA boot certificate; the VM's firmware trusts its boot CA)
        kiln.config("io.kiln.boot", Map.of("uefiHttpsBoot", "true"));
        // as the README's quick start does: the three files where Kiln serves artifacts
        Path artifacts = Files.createDirectories(kiln.home.resolve("data/kiln/artifacts"));
        Files.copy(microos.resolve("vmlinuz"), artifacts.resolve("vmlinuz"));
        Files.copy(microos.resolve("initrd.img"), artifacts.resolve("initrd.img"));
        Files.copy(osImage.resolve("os.img.gz"), artifacts.resolve("os.img.gz"));
        sha256 = HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(artifacts.resolve("os.img.gz"))));
        kiln.start();
    }

    @AfterAll
    static void stop() throws Exception {
        if (!summary.isEmpty()) System.out.println("ProvisionIT summary:\n  " + String.join("\n  ", summary));
        KilnAppliance.closeAll(kiln, lab);
    }

    @Test
    @Order(1)
    void aVmGoesFromPowerOnToItsOsRunningFromItsOwnDisk() throws Exception {
        for (String line : ReadmeIT.commands(SECTION)) {
            if (line.startsWith("kiln:host-show")) continue; // run below, once there is a path to show
            String out = kiln.client(line.replace("SHA256_OF_OS_IMG_GZ", sha256));
            assertTrue(!out.toLowerCase().contains("error") && !out.contains("refused"), line + "\n" + out);
        }

        Path dir = Files.createDirectories(runDir.resolve("vm-1"));
        Path serial = dir.resolve("serial.log"), disk = dir.resolve("disk.img");
        Files.deleteIfExists(serial);
        Files.deleteIfExists(disk);
        Exec.must(10, "truncate", "-s", "1G", disk.toString());
        List<String> cmd = qemu(dir, disk);
        Files.writeString(dir.resolve("qemu.cmd"), String.join(" ", cmd) + "\n");
        long tftpBefore = tftpRequests();
        long t0 = System.currentTimeMillis();
        Process q = lab.spawn(dir.resolve("qemu.out"), cmd.toArray(String[]::new));
        try {
            long tftpAtReboot = -1;
            String show = "";
            while (System.currentTimeMillis() - t0 < TIMEOUT_S * 1000L) {
                if (!q.isAlive()) fail("QEMU exited (" + q.exitValue() + "); serial console:\n" + tail(serial) + "\nKiln log:\n" + kiln.logTail());
                show = kiln.client("kiln:host-show vm-1");
                if (tftpAtReboot < 0 && show.lines().anyMatch(l -> l.contains("step-done") && l.contains("step 6/7 reboot"))) tftpAtReboot = tftpRequests();
                if (show.contains("PROVISIONING -> RUNNING")) break;
                if (show.contains("-> ERROR")) fail("provisioning failed:\n" + show + "\nserial console:\n" + tail(serial));
                Thread.sleep(1000);
            }
            long running = System.currentTimeMillis() - t0;
            assertTrue(show.contains("current running"), "the instance is RUNNING within " + TIMEOUT_S + " s:\n" + show + "\nserial console:\n"
                    + tail(serial) + "\nKiln log:\n" + kiln.logTail());

            // each recorded transition, in order
            List<String> events = new ArrayList<>();
            Map<String, Long> at = new java.util.LinkedHashMap<>(); // seconds from power-on to each step, by the journal's clock
            for (String l : show.lines().toList()) {
                String[] f = l.trim().split("\\s+", 3);
                if (f.length >= 2 && l.startsWith("  ") && f[0].matches("\\d{4}-.*Z")) {
                    String e = f[1] + " " + (f.length > 2 ? f[2] : "");
                    events.add(e);
                    long s = (Instant.parse(f[0]).toEpochMilli() - t0) / 1000;
                    if (e.startsWith("onboarded")) at.putIfAbsent("onboarded", s);
                    if (e.startsWith("step-done step 4/7 image")) at.putIfAbsent("image written", s);
                    if (e.startsWith("step-done step 6/7 reboot")) at.putIfAbsent("rebooting", s);
                    if (e.startsWith("first-boot")) at.putIfAbsent("first boot from disk", s);
                }
            }
            // the ZTP workflow: no BMC, so the power steps are skipped; then the agent's steps, each once
            assertPath(events, "run-started workflow ztp", "step-skipped step 1/7 boot-device", "step-skipped step 2/7 power-on",
                    "onboarded identity matched (MAC " + MAC + ", UUID " + UUID + ", serial " + SERIAL + ")", "instance now PROVISIONING",
                    "step-done step 3/7 wait-onboarded", "step-started step 4/7 image attempt 1", "step-done step 4/7 image",
                    "step-started step 5/7 files attempt 1", "step-done step 5/7 files", "step-started step 6/7 reboot attempt 1",
                    "step-done step 6/7 reboot", "first-boot", "instance PROVISIONING -> RUNNING", "step-done step 7/7 wait-first-boot",
                    "run-succeeded workflow ztp");
            String run = kiln.client("kiln:workflow-show vm-1");
            assertTrue(run.contains("State:     SUCCEEDED") && run.matches("(?s).*4 +image +image +agent +SUCCEEDED +1 .*"),
                    "kiln:workflow-show: every step once:\n" + run);
            String marker = Files.readString(osImage.resolve("marker")).trim();
            assertTrue(events.stream().anyMatch(e -> e.startsWith("first-boot") && e.contains("(marker " + marker + ")")),
                    "the first-boot report carries the marker only the written disk has (" + marker + "):\n" + show);
            String console = Files.readString(serial);
            String ca = kiln.rest("GET", "/pki", null).json().path("ca").path("sha256").asText();
            assertTrue(ca.matches("[0-9a-f]{64}") && console.contains("kiln.https=https://" + lab.serverIp + ":8443 kiln.ca=" + ca + " kiln.token="),
                    "the boot script handed the micro-OS Kiln's HTTPS URL, its CA pin (" + ca + ") and a token:\n" + tail(serial));
            assertTrue(console.contains("kiln-os: first boot, marker " + marker), "the installed system booted from the disk:\n" + tail(serial));

            // the loader came over TLS: OVMF's HTTPS boot, trusting Kiln's boot CA only
            assertTrue(console.contains("URI: https://" + lab.serverIp + ":8443/boot/loaders/snponly.efi"),
                    "OVMF fetched the loader from Kiln's HTTPS endpoint:\n" + tail(serial));
            // the second boot did not use the network boot path
            assertEquals(1, kiln.countLogLines("machine " + MAC + " host=vm-1 "), "one iPXE script only:\n" + kiln.logTail());
            assertEquals(tftpAtReboot, tftpRequests(), "no TFTP after the reboot: the VM booted from its disk");
            assertEquals(tftpBefore, tftpAtReboot, "no TFTP at all: the first boot was UEFI HTTPS boot");

            // what the agent discovered is on the host, and Kiln issued it a certificate
            assertTrue(show.contains("dmi.serial=" + SERIAL) && show.contains("disk.vda.sizeBytes=1073741824"), "discovered hardware:\n" + show);
            assertTrue(show.contains("Current:   onboarded"), show);
            String explain = kiln.client("kiln:boot-explain --arch 7 --ipxe " + MAC);
            assertTrue(explain.contains("its instance is RUNNING: boot from its disk; the iPXE script will exit"),
                    "kiln:boot-explain says why the installed host's next network boot goes to its disk:\n" + explain);
            String pki = kiln.client("kiln:pki-show");
            assertTrue(pki.contains("vm-1"), "the host's certificate is listed:\n" + pki);

            StringBuilder line = new StringBuilder(String.format("PROVISION vm-1: %.1f s power-on to RUNNING (", running / 1000.0));
            at.forEach((k, v) -> line.append(k).append(" at ").append(v).append(" s, "));
            line.setLength(line.length() - 2);
            line.append(')');
            System.out.println(line);
            summary.add(line.toString());
            System.out.println(show);
        } finally {
            BridgeLab.kill(q);
        }
    }

    @Test
    @Order(2)
    void anUnknownMachineWaitsForAnOperatorAndARejectedOneIsRefused() throws Exception {
        Curl https = new Curl(lab.ns, "https://127.0.0.1:8443", List.of("-k"));
        String csr = Exec.run(30, null, List.of("sh", "-c", "openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout /dev/null"
                + " -subj /CN=x 2>/dev/null")).out();
        assertTrue(csr.contains("BEGIN CERTIFICATE REQUEST"), csr);
        String body = "{\"macs\":[\"52:54:00:24:00:99\"],\"serial\":\"STRANGER\",\"csr\":" + Http.JSON.writeValueAsString(csr) + "}";
        Http waits = https.request("POST", "/api/v1/onboard", body, "Content-Type: application/json");
        assertEquals(202, waits.status(), waits.toString());
        assertTrue(waits.body().contains("unknown machine: no host has MAC 52:54:00:24:00:99, serial STRANGER"), waits.body());
        String pending = kiln.client("kiln:host-pending");
        assertTrue(pending.contains("mac-525400240099") && pending.contains("unknown machine"), pending);
        String rejected = kiln.client("kiln:host-reject mac-525400240099 'not one of ours'");
        assertTrue(rejected.contains("rejected by karaf"), rejected);
        Http refused = https.request("POST", "/api/v1/onboard", body, "Content-Type: application/json");
        assertEquals(403, refused.status(), refused.toString());
        assertTrue(refused.body().contains("not one of ours"), refused.body());
        // the agent API without the host's certificate
        Http noCert = https.get("/agent/v1/next");
        assertEquals(401, noCert.status());
        assertTrue(noCert.body().contains("no client certificate"), noCert.body());
        JsonNode status = kiln.rest("GET", "/status", null).json();
        assertTrue(status.toString().contains("\"https\""), "kiln:status lists the HTTPS endpoint: " + status);
    }

    @Test
    @Order(3)
    void whatKilnServesIsSignedAndOpensslVerifiesIt() throws Exception {
        Path dir = Files.createDirectories(runDir.resolve("signatures"));
        Files.writeString(dir.resolve("ca.pem"), kiln.rest("GET", "/pki", null).json().path("ca").path("pem").asText());
        String script = "/boot/ipxe?mac=52:54:00:24:00:98&uuid=&serial=&arch=x86_64";
        for (String[] f : new String[][] {{"/artifacts/vmlinuz", "vmlinuz"}, {"/artifacts/os.img.gz", "os.img.gz"}, {script, "script"}}) {
            assertEquals(200, kiln.http().download(f[0], dir.resolve(f[1])).status(), f[0]);
            String sig = f[0].startsWith("/boot/ipxe?") ? f[0].replace("/boot/ipxe?", "/boot/ipxe.sig?") : f[0] + ".sig";
            assertEquals(200, kiln.http().download(sig, dir.resolve(f[1] + ".sig")).status(), sig);
            Exec.Result ok = Exec.run(60, dir, List.of("openssl", "cms", "-verify", "-binary", "-inform", "DER", "-in", f[1] + ".sig", "-content", f[1],
                    "-CAfile", "ca.pem", "-purpose", "any", "-out", "/dev/null"));
            assertTrue(ok.ok() && ok.out().contains("Verification successful"), f[0] + ": " + ok.out());
        }
        // a changed file no longer verifies
        Files.writeString(dir.resolve("script"), Files.readString(dir.resolve("script")).replace("exit", "shell"));
        Exec.Result bad = Exec.run(60, dir, List.of("openssl", "cms", "-verify", "-binary", "-inform", "DER", "-in", "script.sig", "-content", "script",
                "-CAfile", "ca.pem", "-purpose", "any", "-out", "/dev/null"));
        assertTrue(!bad.ok() && bad.out().contains("Verification failure"), bad.out());
    }

    static void assertPath(List<String> events, String... expected) {
        int i = 0;
        for (String e : events) if (i < expected.length && e.startsWith(expected[i])) i++;
        assertEquals(expected.length, i, "the recorded path, in order, should contain " + List.of(expected) + "; it is:\n  " + String.join("\n  ", events));
    }

    /**
     * A UEFI VM whose empty disk boots first: it falls through to the network until written. The network boot is
     * OVMF's own UEFI HTTP boot (no PXE), over HTTPS with Kiln's boot CA enrolled as QEMU's fw_cfg
     * {@code etc/edk2/https/cacerts} (the file Kiln writes, {@code data/kiln/pki/boot-cacerts.esl}).
     */
    static List<String> qemu(Path dir, Path disk) throws IOException {
        Path vars = dir.resolve("OVMF_VARS.fd");
        Files.copy(Path.of(OVMF_VARS), vars, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Path cacerts = kiln.home.resolve("data/kiln/pki/boot-cacerts.esl");
        assertTrue(Files.isRegularFile(cacerts), "Kiln wrote its boot CA for firmware: " + cacerts);
        return new ArrayList<>(List.of("qemu-system-x86_64", "-name", "kiln-pv-vm1", "-accel", "tcg", "-machine", "q35", "-m", "1024",
                "-smp", "1", "-nographic", "-monitor", "none", "-serial", "file:" + dir.resolve("serial.log"),
                "-drive", "if=pflash,format=raw,unit=0,readonly=on,file=" + OVMF_CODE, "-drive", "if=pflash,format=raw,unit=1,file=" + vars,
                "-smbios", "type=1,uuid=" + UUID + ",serial=" + SERIAL,
                "-fw_cfg", "name=opt/org.tianocore/IPv4PXESupport,string=n", "-fw_cfg", "name=opt/org.tianocore/IPv6PXESupport,string=n",
                "-fw_cfg", "name=etc/edk2/https/cacerts,file=" + cacerts,
                "-drive", "file=" + disk + ",if=none,id=d0,format=raw", "-device", "virtio-blk-pci,drive=d0,bootindex=1",
                "-netdev", "tap,id=n0,ifname=tvm1,script=no,downscript=no",
                "-device", "virtio-net-pci,netdev=n0,mac=" + MAC + ",bootindex=2,romfile="));
    }

    static long tftpRequests() {
        Http r = kiln.rest("GET", "/tftp/status", null);
        return r.json().get("requests").asLong();
    }

    static String tail(Path file) {
        return KilnAppliance.tail(file, 6000);
    }
}
