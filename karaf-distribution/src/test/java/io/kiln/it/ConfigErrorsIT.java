package io.kiln.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * An operator's mistakes in etc/*.cfg on one running appliance: each bad value is refused as one line naming the
 * file, key, value and what is allowed, in kiln:status, /api/v1/status and the log (no stack trace); only its own
 * subsystem degrades (/health still answers, /api/v1 and DHCP keep running); fixing the file heals it without a
 * restart. And a valid change to one component's file never takes /api/v1 away, not even for a moment.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConfigErrorsIT {
    static NetworkLab lab;
    static KilnAppliance kiln;
    static Map<String, String> boot;
    /** Each subsystem's state once started: the others must keep theirs while one is at fault. */
    static JsonNode baseline;
    static Map<String, String> tftp;

    @BeforeAll
    static void start() throws Exception {
        lab = new NetworkLab("cfg", 13);
        kiln = new KilnAppliance("cfg", lab);
        kiln.config("io.kiln.dhcp", Map.of("mode", "proxy", "interfaces", lab.serverIf));
        kiln.config("io.kiln.web", Map.of("allowedClients", "127.0.0.0/8,::1," + lab.clientIp));
        boot = new LinkedHashMap<>(Map.of("unknownPolicy", "ignore", "httpPort", "8080", "serverAddress", ""));
        kiln.config("io.kiln.boot", boot);
        tftp = new LinkedHashMap<>(Map.of("enabled", "true", "port", "69", "roots", kiln.home.resolve("data") + ",/usr/lib/ipxe"));
        kiln.config("io.kiln.tftp", tftp);
        kiln.start();
        baseline = KilnAppliance.poll(() -> health().json().path("subsystems"), s -> s.size() >= 8, Duration.ofSeconds(60),
                Duration.ofSeconds(1));
        System.out.println("kiln:status once started:\n" + kiln.client("kiln:status"));
    }

    @AfterAll
    static void stop() throws Exception {
        KilnAppliance.closeAll(kiln, lab);
    }

    /** /health from the client namespace (no credentials). */
    static Http health() {
        return kiln.http(lab.clientNs, lab.serverIp).get("/health");
    }

    /** kiln:status as last read, for failure messages. */
    static volatile String lastScreen = "";

    /** Each subsystem's state and reason as kiln:status prints them (wrapped reasons joined again). */
    static Map<String, String[]> statusScreen() throws Exception {
        Map<String, String[]> rows = new TreeMap<>();
        String current = null;
        lastScreen = kiln.client("kiln:status");
        for (String line : lastScreen.lines().toList()) {
            String[] c = line.split("\\|", 4);
            if (c.length < 4) continue;
            String name = c[0].trim();
            if (name.equals("Subsystem")) continue;
            if (!name.isEmpty()) {
                current = name;
                rows.put(name, new String[] {c[1].trim(), c[3].trim()});
            } else if (current != null) {
                rows.get(current)[1] += " " + c[3].trim();
            }
        }
        return rows;
    }

    /** Waits until kiln:status shows {@code subsystem} in {@code state} with a reason containing {@code reason}. */
    static String[] awaitStatus(String subsystem, String state, String reason) throws Exception {
        Map<String, String[]> screen = KilnAppliance.poll(ConfigErrorsIT::statusScreen, s -> s.containsKey(subsystem)
                && s.get(subsystem)[0].equals(state) && s.get(subsystem)[1].contains(reason), Duration.ofSeconds(60), Duration.ofSeconds(1));
        String[] row = screen.get(subsystem);
        assertTrue(row != null && row[0].equals(state) && row[1].contains(reason),
                subsystem + " should be " + state + " with '" + reason + "', kiln:status shows " + describe(screen) + "\n" + lastScreen);
        return row;
    }

    static String describe(Map<String, String[]> screen) {
        StringBuilder sb = new StringBuilder();
        screen.forEach((k, v) -> sb.append('\n').append(k).append(" ").append(v[0]).append(" ").append(v[1]));
        return sb.toString();
    }

    /** The reason /api/v1/status gives for a subsystem. */
    static String apiReason(String subsystem) {
        for (JsonNode x : kiln.rest("GET", "/status", null).json().path("subsystems")) {
            if (x.path("name").asText().equals(subsystem)) return x.path("reason").asText();
        }
        return null;
    }

    /** The rest of the appliance runs while one subsystem is at fault: /health answers JSON, /api/v1 and DHCP work. */
    static void othersStillRun(String faulty, String faultyState) {
        Http h = health();
        JsonNode subs = h.json().path("subsystems");
        assertEquals(faultyState, subs.path(faulty).asText(), h.body());
        assertTrue(List.of("DEGRADED", "DOWN").contains(h.json().path("status").asText()), h.body());
        for (String other : List.of("store", "inventory", "templates", "boot", "dhcp", "tftp", "rest", "gitops")) {
            if (!other.equals(faulty)) assertEquals(baseline.path(other).asText(), subs.path(other).asText(), other + " as before: " + h.body());
        }
        Http hosts = kiln.rest("GET", "/hosts", null);
        assertEquals(200, hosts.status(), hosts.toString());
        assertTrue(hosts.json().has("total"), hosts.body());
        Http dhcp = kiln.rest("GET", "/dhcp/status", null);
        assertEquals(200, dhcp.status(), dhcp.toString());
        assertEquals("proxy", dhcp.json().path("mode").asText(), dhcp.body());
    }

    /** The mistake is in the log as one WARN (or ERROR, when it stops a server) line, without a stack trace after it. */
    static void loggedWithoutStackTrace(String line) throws Exception {
        assertTrue(kiln.awaitLog(line, Duration.ofSeconds(30)), "logged: " + line + "\n" + kiln.logTail());
        List<String> log = kiln.log().lines().toList();
        for (int i = 0; i < log.size(); i++) {
            if (!log.get(i).contains(line)) continue;
            assertTrue(log.get(i).contains("| WARN ") || log.get(i).contains("| ERROR "), log.get(i));
            assertFalse(i + 1 < log.size() && (log.get(i + 1).startsWith("\tat ") || log.get(i + 1).startsWith("Caused by")
                    || log.get(i + 1).matches("^[a-z]+(\\.[a-zA-Z_$]+)+(Exception|Error).*")), "no stack trace: " + log.get(i + 1));
        }
        assertFalse(kiln.log().contains("Caused by: java.lang.IllegalArgumentException: " + line.substring(line.indexOf(':') + 2)),
                "no stack trace names it");
    }

    /** Polls GET /api/v1/hosts every 50 ms from Kiln's namespace (loopback) and collects every status code. */
    static final class Poller implements AutoCloseable {
        final List<String> codes = Collections.synchronizedList(new ArrayList<>());
        private final Process process;
        private final Thread reader;

        Poller() throws Exception {
            String loop = "while :; do curl -s -o /dev/null --max-time 5 -w '%{http_code}\\n' -u karaf:karaf "
                    + "http://127.0.0.1:8080/api/v1/hosts; sleep 0.05; done";
            process = new ProcessBuilder(NetworkLab.inNs(lab.serverNs, "sh", "-c", loop)).redirectErrorStream(true).start();
            reader = new Thread(() -> {
                try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                    for (String l = r.readLine(); l != null; l = r.readLine()) codes.add(l.trim());
                } catch (java.io.IOException e) {
                    codes.add("reader: " + e);
                }
            }, "kiln-it-poller");
            reader.start();
        }

        int count() {
            return codes.size();
        }

        @Override
        public void close() throws Exception {
            process.descendants().forEach(ProcessHandle::destroy);
            process.destroy();
            if (!process.waitFor(10, TimeUnit.SECONDS)) process.destroyForcibly();
            reader.join(10_000);
        }
    }

    /** Writes the file and waits until the log says it was applied ({@code applied} one line more). */
    static void change(String pid, Map<String, String> values, String applied) throws Exception {
        long before = kiln.countLogLines(applied);
        kiln.config(pid, values);
        long after = KilnAppliance.poll(() -> kiln.countLogLines(applied), n -> n > before, Duration.ofSeconds(60), Duration.ofMillis(100));
        assertTrue(after > before, pid + " applied ('" + applied + "'):\n" + kiln.logTail());
    }

    static Map<String, String> with(Map<String, String> base, String key, String value) {
        Map<String, String> m = new LinkedHashMap<>(base);
        m.put(key, value);
        return m;
    }

    static final String TFTP_APPLIED = "TFTP server listening on";
    static final String WEB_APPLIED = "REST API: clients allowed from";
    static final String BOOT_APPLIED = "Kiln boot policy:";

    @Test
    @Order(1)
    void validChangesToOtherFilesNeverTakeTheRestApiAwayNorRestartDhcp() throws Exception {
        for (String mine : List.of("templates", "boot", "dhcp", "tftp", "rest", "gitops")) {
            assertEquals("UP", baseline.path(mine).asText(), mine + " up to begin with: " + baseline);
        }
        long dhcpRestarts = kiln.countLogLines("Kiln DHCP stopped");
        long restStarts;
        List<String> seen;
        try (Poller poller = new Poller()) {
            KilnAppliance.poll(poller::count, n -> n >= 20, Duration.ofSeconds(60), Duration.ofMillis(100));
            // counted once it answers: the servlet is created on its first request
            restStarts = kiln.countLogLines("REST API at /api/v1 started");
            for (int i = 0; i < 5; i++) {
                change("io.kiln.tftp", with(tftp, "timeoutSeconds", String.valueOf(3 + i)), TFTP_APPLIED);
                change("io.kiln.web", Map.of("allowedClients", "127.0.0.0/8,::1," + lab.clientIp + ",192.0.2." + i), WEB_APPLIED);
                change("io.kiln.boot", with(boot, "discoveryProfile", "discovery-" + i), BOOT_APPLIED);
                int before = poller.count();
                KilnAppliance.poll(poller::count, n -> n >= before + 10, Duration.ofSeconds(60), Duration.ofMillis(100));
            }
            seen = List.copyOf(poller.codes);
        }
        kiln.config("io.kiln.tftp", tftp);
        change("io.kiln.web", Map.of("allowedClients", "127.0.0.0/8,::1," + lab.clientIp), WEB_APPLIED);
        change("io.kiln.boot", boot, BOOT_APPLIED);
        assertTrue(seen.size() > 60, "polled: " + seen.size());
        Map<String, Integer> byCode = new TreeMap<>();
        for (String c : seen) byCode.merge(c, 1, Integer::sum);
        assertEquals(Map.of("200", seen.size()), byCode, "every answer of GET /api/v1/hosts while 15 files changed");
        assertEquals(dhcpRestarts, kiln.countLogLines("Kiln DHCP stopped"), "a boot setting changed in place: DHCP kept running");
        // the poller may miss a gap of a few ms; the servlet's own start line may not
        assertEquals(restStarts, kiln.countLogLines("REST API at /api/v1 started"), "/api/v1 was never re-registered");
    }

    @Test
    @Order(2)
    void badBootValuesDegradeBootingAloneAndFixingTheFileHeals() throws Exception {
        long dhcpRestarts = kiln.countLogLines("Kiln DHCP stopped");
        Map<String, String> bad = new LinkedHashMap<>(boot);
        bad.put("unknownPolicy", "bogus");
        bad.put("httpPort", "abc");
        bad.put("serverAddress", "not an ip");
        kiln.config("io.kiln.boot", bad);
        List<String> lines = List.of("etc/io.kiln.boot.cfg: unknownPolicy = 'bogus' is not 'ignore' or 'discover'",
                "etc/io.kiln.boot.cfg: httpPort = 'abc' is not a number from 1 to 65535",
                "etc/io.kiln.boot.cfg: serverAddress = 'not an ip' is not an IPv4 address (or empty)");
        awaitStatus("boot", "degraded", lines.get(2));
        String[] row = awaitStatus("boot", "degraded", lines.get(0));
        for (String l : lines) assertTrue(row[1].contains(l), "kiln:status names " + l + ": " + row[1]);
        assertEquals(String.join("; ", lines), apiReason("boot"));
        othersStillRun("boot", "DEGRADED");
        for (String l : lines) loggedWithoutStackTrace(l);
        // booting goes on with the defaults: port 8080, the address the request reached
        Http explain = kiln.rest("GET", "/boot/explain?mac=52:54:00:13:00:01&arch=16", null);
        assertEquals(200, explain.status(), explain.toString());
        assertEquals("IGNORE", explain.json().path("decision").path("action").asText(), explain.body());
        assertEquals(dhcpRestarts, kiln.countLogLines("Kiln DHCP stopped"), "DHCP kept running");

        kiln.config("io.kiln.boot", boot);
        awaitStatus("boot", "up", "-");
        assertEquals(baseline, health().json().path("subsystems"), "healed: " + health().body());
    }

    @Test
    @Order(3)
    void aBadAllowedClientsLetsOnlyThisMachineInWithAProblemNotAnHtmlPage() throws Exception {
        Curl fromClient = kiln.http(lab.clientNs, lab.serverIp).api();
        assertEquals(200, fromClient.get("/hosts").status());
        String spec = "127.0.0.0/8,::1," + lab.prefix + "0/33";
        kiln.config("io.kiln.web", Map.of("allowedClients", spec));
        String line = "etc/io.kiln.web.cfg: allowedClients = '" + spec + "' is not a comma-separated list of IP addresses or CIDR "
                + "blocks, or * ('" + lab.prefix + "0/33' is neither), so only this machine may use the REST API until it is fixed";
        awaitStatus("rest", "degraded", line);
        assertEquals(line, apiReason("rest"));
        othersStillRun("rest", "DEGRADED");
        loggedWithoutStackTrace(line);
        Http refused = fromClient.get("/hosts");
        assertEquals(403, refused.status(), refused.toString());
        assertTrue(refused.header("Content-Type").startsWith("application/problem+json"), refused.toString());
        assertTrue(refused.json().path("detail").asText().contains("allowedClients"), refused.body());

        kiln.config("io.kiln.web", Map.of("allowedClients", "127.0.0.0/8,::1," + lab.clientIp));
        awaitStatus("rest", "up", "-");
        assertEquals(200, fromClient.get("/hosts").status());
        assertEquals(baseline, health().json().path("subsystems"), "healed: " + health().body());
    }

    @Test
    @Order(4)
    void tftpRefusesMaybeWarnsAboutUnknownKeysAndMissingRootsAndHeals() throws Exception {
        kiln.config("io.kiln.tftp", with(tftp, "enabled", "maybe"));
        String refused = "etc/io.kiln.tftp.cfg: enabled = 'maybe' is not true or false";
        awaitStatus("tftp", "down", "not serving: " + refused);
        othersStillRun("tftp", "DOWN");
        loggedWithoutStackTrace(refused);
        Http status = kiln.rest("GET", "/tftp/status", null);
        assertEquals(200, status.status(), status.toString());
        assertEquals("error: " + refused, status.json().path("state").asText(), status.body());

        String missing = kiln.home.resolve("no-such-dir").toString();
        Map<String, String> warned = with(tftp, "roots", tftp.get("roots") + "," + missing);
        warned.put("portt", "70");
        kiln.config("io.kiln.tftp", warned);
        String unknown = "etc/io.kiln.tftp.cfg: unknown key 'portt' ignored (known: address, enabled, maxBlksize, port, retries, roots, "
                + "timeoutSeconds)";
        String noDir = "etc/io.kiln.tftp.cfg: roots: directory '" + missing + "' does not exist";
        String[] row = awaitStatus("tftp", "degraded", unknown);
        assertTrue(row[1].contains(noDir), row[1]);
        assertEquals(noDir + "; " + unknown, apiReason("tftp"));
        othersStillRun("tftp", "DEGRADED");
        loggedWithoutStackTrace(unknown);
        loggedWithoutStackTrace(noDir);
        assertEquals("serving", kiln.rest("GET", "/tftp/status", null).json().path("state").asText(), "a warning does not stop it");

        kiln.config("io.kiln.tftp", tftp);
        awaitStatus("tftp", "up", "-");
        assertEquals(baseline, health().json().path("subsystems"), "healed: " + health().body());
    }
}
