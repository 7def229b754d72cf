package io.kiln.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import io.kiln.it.FirmwareBootIT.Firmware;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Not a test: {@code bench/boot} runs it ({@code -Dit.test=BootBench}; its name keeps it out of CI). The three firmware
 * paths of {@link FirmwareBootIT} (SeaBIOS + iPXE ROM, EDK2 UEFI PXE, EDK2 UEFI HTTP boot) with the same QEMU command
 * lines, on one bridge in one namespace ({@link BridgeLab} kiln-rab-br, 10.213.31.0/24), boot from
 *
 * <ul>
 *   <li>the recipe's dnsmasq setup (../shared/recipes/netboot/netboot.sh with FAST=1: no-ping, enable-ra): DHCP +
 *       TFTP {@code boot.ipxe}, which chains {@code stage2.ipxe} over HTTP from a tiny server logging epoch ms;</li>
 *   <li>Kiln, mode full, booting its micro-OS: with its IPv6 router advertisements (the default) and, once at the end
 *       for comparison, without ({@code routerAdvertisements = false}).</li>
 * </ul>
 *
 * The two alternate, round by round ({@code -Dbench.rounds}, default 2), Kiln staying up with its DHCP and TFTP
 * switched off while dnsmasq serves, so load on the shared machine falls on both alike; the table shows medians.
 * Times are from QEMU's start: to the iPXE script (Kiln: the host's {@code ipxe-script} timeline event; dnsmasq: the
 * stage-2 HTTP fetch) and to the micro-OS report (Kiln). The table goes to stdout and {@code ${kiln.work}/boot-bench.txt};
 * every packet on the bridge to {@code boot-bench/capture.pcap}. Asserts only that every boot got that far.
 */
class BootBench {
    static final String DNSMASQ_HTTP_PORT = "8081";
    static final Map<Firmware, String> MAC = Map.of(Firmware.BIOS, "52:54:00:31:00:01", Firmware.UEFI_PXE, "52:54:00:31:00:07",
            Firmware.UEFI_HTTP, "52:54:00:31:00:16");
    static final Map<Firmware, String> TAP = Map.of(Firmware.BIOS, "tbios", Firmware.UEFI_PXE, "tefi", Firmware.UEFI_HTTP, "thttp");
    static final int TIMEOUT_S = 240;

    /** "FW|server" -> each boot's {script s, report s}. */
    final Map<String, List<double[]>> times = new LinkedHashMap<>();
    BridgeLab lab;
    Path runs;
    int boots;

    @Test
    void bootTimesKilnBesideDnsmasq() throws Exception {
        int rounds = Integer.getInteger("bench.rounds", 2);
        Path work = Path.of(System.getProperty("kiln.work", "target/it"));
        runs = Files.createDirectories(work.resolve("boot-bench"));
        Path microos = Path.of(System.getProperty("kiln.microos", work.resolveSibling("microos").toString())).toAbsolutePath();
        Exec.Result b = Exec.run(600, null, List.of("bash", "../node-agent/microos/build.sh", microos.toString()));
        assertTrue(b.ok(), "micro-OS build failed:\n" + b.out());
        lab = new BridgeLab("rab-br", 31);
        try (KilnAppliance kiln = new KilnAppliance("rab", lab.ns)) {
            for (String tap : TAP.values()) lab.tap(tap);
            // every packet on the bridge, to see where a boot spends its time (tcpdump -r capture.pcap -tt)
            lab.spawn(runs.resolve("tcpdump.out"), "tcpdump", "-i", lab.bridge, "-n", "-U", "-w", runs.resolve("capture.pcap").toString(),
                    "udp or icmp6 or tcp port 8080 or tcp port " + DNSMASQ_HTTP_PORT);
            Path httpLog = dnsmasqFiles();
            Map<String, String> dhcp = KilnAppliance.fullModeDhcp(lab.bridge, lab.prefix, 150);
            kiln.config("io.kiln.dhcp", dhcp);
            Path artifacts = Files.createDirectories(kiln.home.resolve("data/kiln/artifacts"));
            Files.copy(microos.resolve("vmlinuz"), artifacts.resolve("vmlinuz"));
            Files.copy(microos.resolve("initrd.img"), artifacts.resolve("initrd.img"));
            kiln.start();
            String out = kiln.client("kiln:profile-add --kernel vmlinuz --initrd initrd.img --cmdline '" + FirmwareBootIT.CMDLINE + "' microos");
            assertTrue(out.contains("Added profile microos"), out);
            for (Firmware fw : Firmware.values()) {
                out = kiln.client("kiln:host-add --mac " + MAC.get(fw) + " --profile microos " + host(fw));
                assertTrue(out.contains("Added host"), out);
            }
            for (int round = 1; round <= rounds; round++) {
                serving(kiln, dhcp, false);
                for (Firmware fw : Firmware.values()) dnsmasqBoot(fw, httpLog);
                serving(kiln, dhcp, true);
                for (Firmware fw : Firmware.values()) kilnBoot(kiln, fw, "kiln");
            }
            dhcp.put("routerAdvertisements", "false");
            kiln.config("io.kiln.dhcp", dhcp);
            String s = kiln.clientUntil("kiln:dhcp-status", st -> st.contains("IPv6 RA:    off"), Duration.ofSeconds(60));
            assertTrue(s.contains("IPv6 RA:    off"), s);
            for (Firmware fw : Firmware.values()) kilnBoot(kiln, fw, "kiln-no-ra");
        } finally {
            lab.close();
        }
        List<String> out = new ArrayList<>();
        out.add(String.format("%-9s | %-26s | %-26s | %-16s | %s", "firmware", "Kiln: script / report", "Kiln, no RA: script / report",
                "dnsmasq: stage-2", "Kiln/dnsmasq to the script"));
        for (Firmware fw : Firmware.values()) {
            double[] on = median(fw + "|kiln"), off = median(fw + "|kiln-no-ra"), d = median(fw + "|dnsmasq");
            out.add(String.format("%-9s | %8.1f s / %8.1f s    | %8.1f s / %8.1f s    | %12.1f s   | %.2fx", fw, on[0], on[1], off[0], off[1], d[0],
                    on[0] / d[0]));
        }
        out.add("medians of " + rounds + " alternating rounds (no RA: 1 run); each boot:");
        times.forEach((k, v) -> out.add("  " + k + ": " + String.join(", ", v.stream().map(t -> String.format("%.1f/%.1f", t[0], t[1])).toList())));
        String table = String.join("\n", out);
        System.out.println("BOOT BENCH (seconds from QEMU start)\n" + table);
        Files.writeString(work.resolve("boot-bench.txt"), table + "\n");
    }

    static String host(Firmware fw) {
        return "bench-" + fw.name().toLowerCase().replace('_', '-');
    }

    /** Kiln's DHCP and TFTP on or off (dnsmasq needs ports 67 and 69), applied in place as an operator's edit is. */
    static void serving(KilnAppliance kiln, Map<String, String> dhcp, boolean on) throws Exception {
        dhcp.put("enabled", String.valueOf(on));
        kiln.config("io.kiln.dhcp", dhcp);
        kiln.config("io.kiln.tftp", Map.of("enabled", String.valueOf(on), "roots", "/usr/lib/ipxe,${karaf.data}/kiln/artifacts"));
        String want = on ? "Mode:       full" : "Mode:       disabled";
        String s = kiln.clientUntil("kiln:dhcp-status", st -> st.contains(want) && (!on || st.contains("IPv6 RA:    on")), Duration.ofSeconds(60));
        assertTrue(s.contains(want), s);
        String t = kiln.clientUntil("kiln:tftp-status", st -> st.contains("Listening:  nothing") != on, Duration.ofSeconds(60));
        assertTrue(t.contains("Listening:  nothing") != on, t);
    }

    /** The recipe's TFTP and HTTP files, its fd99::/64 address (for enable-ra), and the HTTP server; returns its log. */
    Path dnsmasqFiles() throws Exception {
        Path dir = Files.createDirectories(runs.resolve("dnsmasq"));
        Path tftp = Files.createDirectories(dir.resolve("tftp")), http = Files.createDirectories(dir.resolve("http"));
        Files.copy(Path.of("/usr/lib/ipxe/snponly.efi"), tftp.resolve("snponly.efi"), StandardCopyOption.REPLACE_EXISTING);
        Files.copy(Path.of("/usr/lib/ipxe/snponly.efi"), http.resolve("snponly.efi"), StandardCopyOption.REPLACE_EXISTING);
        String url = "http://" + lab.serverIp + ":" + DNSMASQ_HTTP_PORT;
        Files.writeString(tftp.resolve("boot.ipxe"), "#!ipxe\nchain " + url + "/stage2.ipxe?mac=${net0/mac} || shell\n");
        Files.writeString(http.resolve("stage2.ipxe"), "#!ipxe\necho stage 2\n");
        Files.writeString(dir.resolve("httpd.py"), String.join("\n",
                "import http.server, sys, time, functools",
                "root, bind, port, log = sys.argv[1], sys.argv[2], int(sys.argv[3]), open(sys.argv[4], 'a', buffering=1)",
                "class H(http.server.SimpleHTTPRequestHandler):",
                "    protocol_version = 'HTTP/1.1'",
                "    def log_message(self, fmt, *args): log.write('%d %s\\n' % (time.time() * 1000, fmt % args))",
                "http.server.ThreadingHTTPServer((bind, port), functools.partial(H, directory=root)).serve_forever()", ""));
        Exec.must(10, NetworkLab.inNs(lab.ns, "ip", "addr", "add", "fd99::1/64", "dev", lab.bridge, "nodad").toArray(String[]::new));
        Path httpLog = dir.resolve("http.log");
        Files.deleteIfExists(httpLog);
        lab.spawn(dir.resolve("httpd.out"), "python3", dir.resolve("httpd.py").toString(), http.toString(), lab.serverIp, DNSMASQ_HTTP_PORT,
                httpLog.toString());
        return httpLog;
    }

    /** One boot from dnsmasq, configured as the recipe writes it for that firmware, to its stage-2 fetch. */
    void dnsmasqBoot(Firmware fw, Path httpLog) throws Exception {
        Path dir = runs.resolve("dnsmasq");
        String srv = lab.serverIp, url = "http://" + srv + ":" + DNSMASQ_HTTP_PORT;
        List<String> conf = new ArrayList<>(List.of("port=0", "interface=" + lab.bridge, "bind-interfaces", "except-interface=lo",
                "dhcp-range=" + lab.prefix + "160," + lab.prefix + "200,255.255.255.0,1h", "dhcp-leasefile=" + dir.resolve("leases"),
                "dhcp-authoritative", "log-dhcp", "log-facility=" + dir.resolve("dnsmasq.log"), "enable-tftp", "tftp-root=" + dir.resolve("tftp"),
                "pid-file=", "user=root", "dhcp-userclass=set:ipxe,iPXE", "dhcp-match=set:bios,option:client-arch,0",
                "dhcp-match=set:efi64,option:client-arch,7", "dhcp-match=set:efi64,option:client-arch,9",
                "dhcp-match=set:efihttp,option:client-arch,16", "dhcp-vendorclass=set:httpclient,HTTPClient",
                "dhcp-boot=tag:!ipxe,tag:bios,undionly.kpxe,," + srv,
                "dhcp-boot=tag:!ipxe,tag:efihttp," + url + "/snponly.efi", "dhcp-option-force=tag:!ipxe,tag:efihttp,60,HTTPClient",
                "dhcp-boot=tag:ipxe,boot.ipxe,," + srv, "no-ping", "enable-ra", "dhcp-range=::,constructor:" + lab.bridge + ",ra-only,64,1h"));
        if (fw != Firmware.UEFI_HTTP) conf.add("dhcp-boot=tag:!ipxe,tag:efi64,snponly.efi,," + srv);
        else conf.add("dhcp-range=fd99::100,fd99::1ff,64,1h");
        Files.writeString(dir.resolve("dnsmasq.conf"), String.join("\n", conf) + "\n");
        Path log = dir.resolve("dnsmasq-" + (++boots) + ".out");
        Process dnsmasq = lab.spawn(log, "dnsmasq", "--keep-in-foreground", "--conf-file=" + dir.resolve("dnsmasq.conf"));
        Thread.sleep(1500); // as the recipe: dnsmasq and the HTTP server up before the VM
        try {
            assertTrue(dnsmasq.isAlive(), "dnsmasq did not start:\n" + KilnAppliance.tail(log, 2000));
            Path vm = Files.createDirectories(runs.resolve("dnsmasq-" + fw + "-" + boots));
            long t0 = System.currentTimeMillis();
            Process q = lab.spawn(vm.resolve("qemu.out"), FirmwareBootIT.qemu(fw, MAC.get(fw), TAP.get(fw), vm).toArray(String[]::new));
            try {
                String fetched = KilnAppliance.poll(() -> Files.exists(httpLog) ? Files.readString(httpLog) : "",
                        l -> stage2(l, t0) > 0 || !q.isAlive(), Duration.ofSeconds(TIMEOUT_S), Duration.ofMillis(100));
                long at = stage2(fetched, t0);
                if (at <= 0) fail(fw + " via dnsmasq: no stage-2 fetch; serial console:\n" + KilnAppliance.tail(vm.resolve("serial.log"), 3000));
                record(fw + "|dnsmasq", (at - t0) / 1000.0, Double.NaN);
                System.out.printf("BOOT %s via dnsmasq: %.1f s power-on to stage-2 fetch%n", fw, (at - t0) / 1000.0);
            } finally {
                BridgeLab.kill(q);
            }
        } finally {
            BridgeLab.kill(dnsmasq);
        }
    }

    /** The epoch ms of the first stage-2 fetch at or after {@code t0} in the HTTP log, or 0. */
    static long stage2(String log, long t0) {
        for (String line : log.lines().toList()) {
            String[] f = line.split(" ", 2);
            if (f.length == 2 && f[1].contains("GET /stage2.ipxe") && Long.parseLong(f[0]) >= t0) return Long.parseLong(f[0]);
        }
        return 0;
    }

    /** One boot from Kiln to the micro-OS report. */
    void kilnBoot(KilnAppliance kiln, Firmware fw, String label) throws Exception {
        Path vm = Files.createDirectories(runs.resolve(label + "-" + fw + "-" + (++boots)));
        long t0 = System.currentTimeMillis();
        Process q = lab.spawn(vm.resolve("qemu.out"), FirmwareBootIT.qemu(fw, MAC.get(fw), TAP.get(fw), vm).toArray(String[]::new));
        try {
            long reported = KilnAppliance.poll(() -> report(kiln, MAC.get(fw), t0), r -> r > 0 || !q.isAlive(), Duration.ofSeconds(TIMEOUT_S),
                    Duration.ofMillis(250));
            if (reported <= 0) fail(fw + " via Kiln: no report; serial console:\n" + KilnAppliance.tail(vm.resolve("serial.log"), 3000)
                    + "\nKiln log:\n" + kiln.logTail());
            long script = script(kiln, host(fw), t0);
            record(fw + "|" + label, (script - t0) / 1000.0, (reported - t0) / 1000.0);
            System.out.printf("BOOT %s via %s: %.1f s power-on to iPXE script, %.1f s to report%n", fw, label, (script - t0) / 1000.0,
                    (reported - t0) / 1000.0);
        } finally {
            BridgeLab.kill(q);
        }
    }

    void record(String key, double script, double report) {
        times.computeIfAbsent(key, k -> new ArrayList<>()).add(new double[] {script, report});
    }

    double[] median(String key) {
        List<double[]> v = times.get(key);
        double[] out = new double[2];
        for (int i = 0; i < 2; i++) {
            int c = i;
            double[] sorted = v.stream().mapToDouble(t -> t[c]).sorted().toArray();
            out[i] = sorted.length % 2 == 1 ? sorted[sorted.length / 2] : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
        }
        return out;
    }

    /** The epoch ms of the micro-OS report for a MAC at or after t0, or 0. */
    static long report(KilnAppliance kiln, String mac, long t0) {
        Http r = kiln.http().get("/boot/report?mac=" + mac);
        if (r.status() != 200) return 0;
        for (String line : r.body().trim().lines().toList()) {
            long at = Long.parseLong(line.split(" ", 2)[0]);
            if (at >= t0) return at;
        }
        return 0;
    }

    /** The epoch ms of the host's first ipxe-script event at or after t0. */
    static long script(KilnAppliance kiln, String host, long t0) {
        Http r = kiln.rest("GET", "/hosts/" + host + "/events?limit=1000", null);
        assertEquals(200, r.status(), r.toString());
        for (JsonNode e : r.json()) {
            long at = java.time.Instant.parse(e.path("at").asText()).toEpochMilli();
            if (e.path("type").asText().equals("ipxe-script") && at >= t0) return at;
        }
        return fail("no ipxe-script event for " + host + " after the power-on: " + r.body());
    }
}
