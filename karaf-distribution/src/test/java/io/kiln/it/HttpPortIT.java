package io.kiln.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * An appliance nobody is near, whose HTTP port another process holds when Kiln starts: Kiln still starts (shell,
 * DHCP, TFTP), {@code kiln:status} says http is down, which port and what to change, and the log says so once;
 * once the other process is gone Kiln serves HTTP again (REST, {@code /health}, {@code /boot/ipxe}) without being
 * restarted. A port changed in {@code etc/org.ops4j.pax.web.cfg} is reported the same way, and changing it to a
 * free one heals.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HttpPortIT {
    static NetworkLab lab;
    static KilnAppliance kiln;
    /** Processes holding a port in Kiln's namespace; each is ended by its own handle. */
    static final List<Process> holders = new ArrayList<>();
    static Process holder8080;
    static final Duration HEALING = Duration.ofSeconds(150);

    @BeforeAll
    static void start() throws Exception {
        lab = new NetworkLab("http", 12);
        holder8080 = holdPort(8080); // before Kiln starts: pax-web's one bind fails
        kiln = new KilnAppliance("http", lab);
        kiln.config("io.kiln.dhcp", Map.of("mode", "proxy", "interfaces", lab.serverIf));
        kiln.startWithoutHttp();
    }

    @AfterAll
    static void stop() throws Exception {
        for (Process p : holders) end(p);
        KilnAppliance.closeAll(kiln, lab);
    }

    /**
     * A process listening on {@code port} on every address of Kiln's namespace that never answers, started and bound
     * when this returns.
     */
    static Process holdPort(int port) throws Exception {
        String script = "import socket,sys,time\n"
                + "s=socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)\n"
                + "s.bind(('0.0.0.0', " + port + ")); s.listen()\n"
                + "print('listening', flush=True)\n"
                + "time.sleep(900)\n";
        Process p = new ProcessBuilder(NetworkLab.inNs(lab.serverNs, "python3", "-c", script)).redirectErrorStream(true).start();
        holders.add(p);
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        String first = out.readLine();
        assertEquals("listening", first, "the process holding port " + port + " did not start");
        return p;
    }

    static void end(Process p) throws InterruptedException {
        p.destroy();
        if (!p.waitFor(10, TimeUnit.SECONDS)) p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }

    /** The http row of kiln:status as one line. */
    static String httpRow(String status) {
        return row(status, "http");
    }

    /**
     * A subsystem's row of kiln:status as one line, {@code name | state | since | reason}, its reason's wrapped lines
     * joined (the table wraps reasons at 100 columns); empty when there is none.
     */
    static String row(String status, String name) {
        StringBuilder row = null;
        for (String line : status.split("\\r?\\n")) {
            String[] cells = line.split("\\|", -1);
            if (row == null) {
                if (cells.length == 4 && cells[0].trim().equals(name)) row = new StringBuilder(line.trim());
            } else if (cells.length == 4 && cells[0].isBlank()) {
                row.append(' ').append(cells[3].trim());
            } else {
                break;
            }
        }
        return row == null ? "" : row.toString().replaceAll("\\s+", " ");
    }

    /** "since ..." of kiln:status's first line: when this Kiln started. */
    static String startedAt(String status) {
        Matcher m = Pattern.compile("\\(since (\\S+)\\)").matcher(status);
        return m.find() ? m.group(1) : "";
    }

    static String statusWhere(java.util.function.Predicate<String> httpRowFits) throws Exception {
        return kiln.clientUntil("kiln:status", out -> httpRowFits.test(httpRow(out)), HEALING);
    }

    static String startedBefore;

    @Test
    @Order(1)
    void whileThePortIsTakenHttpIsDownWithThePortAndTheAdviceAndTheRestWorks() throws Exception {
        String status = statusWhere(row -> row.contains("in use"));
        String row = httpRow(status);
        assertTrue(row.startsWith("http | down |"), status);
        assertTrue(row.contains("port 8080 on 0.0.0.0 is in use by another process (retrying every"), row);
        assertTrue(row.contains("change org.osgi.service.http.port in etc/org.ops4j.pax.web.cfg)"), row);
        assertTrue(row.matches("http \\| down \\| \\d{4}-\\d\\d-\\d\\dT\\S+ \\| .*"), "since when: " + row);
        startedBefore = startedAt(status);
        assertFalse(startedBefore.isEmpty(), status);

        // the fault is contained: the shell, DHCP and TFTP work
        assertTrue(kiln.client("kiln:host-list").contains("Name"));
        // (degraded would be a note about their own settings, e.g. a TFTP root that does not exist yet)
        assertTrue(row(status, "dhcp").matches("dhcp \\| (up|degraded) \\|.*"), status);
        assertTrue(row(status, "tftp").matches("tftp \\| (up|degraded) \\|.*"), status);
        Path loader = kiln.home.resolve("tftp.out");
        Exec.Result tftp = lab.client(60, "curl", "-sf", "-o", loader.toString(), "tftp://" + lab.serverIp + "/undionly.kpxe");
        assertTrue(tftp.ok() && Files.size(loader) > 0, "TFTP serves while HTTP is down: " + tftp.out());
        assertNotEquals(200, kiln.http().with("--max-time", "3").get("/health").status(), "the other process holds 8080");

        // one warning with the advice, however often it has been retried by now (at least three times)
        statusWhere(r -> r.matches(".*retrying every (4|8|16|30) s.*"));
        assertEquals(1, kiln.countLogLines("HTTP server cannot serve: port 8080 on 0.0.0.0 is in use by another process"), kiln.logTail());
        String warning = kiln.log().lines().filter(l -> l.contains("HTTP server cannot serve")).findFirst().orElseThrow();
        assertTrue(warning.contains(" WARN ") && warning.contains("change org.osgi.service.http.port in etc/org.ops4j.pax.web.cfg"), warning);
    }

    @Test
    @Order(2)
    void onceThePortIsFreeKilnServesHttpWithoutARestart() throws Exception {
        end(holder8080);
        Curl http = kiln.http().with("--max-time", "5");
        Http health = KilnAppliance.poll(() -> http.get("/health"), h -> h.status() == 200, HEALING, Duration.ofSeconds(1));
        assertEquals(200, health.status(), health + "\n" + kiln.logTail());

        Http status = KilnAppliance.poll(() -> kiln.rest("GET", "/status", null), h -> h.status() == 200 && "UP".equals(httpState(h)),
                Duration.ofSeconds(30), Duration.ofSeconds(1));
        assertEquals("UP", httpState(status), status.toString());
        Http ipxe = http.get("/boot/ipxe");
        assertEquals(200, ipxe.status(), ipxe.toString());
        assertTrue(ipxe.body().startsWith("#!ipxe"), ipxe.body());
        assertEquals(200, kiln.rest("GET", "/hosts", null).status());

        String shell = kiln.client("kiln:status");
        assertTrue(httpRow(shell).startsWith("http | up |"), shell);
        assertEquals(startedBefore, startedAt(shell), "the same Kiln, not restarted");
        // the healing is logged by the thread that noticed it, which may write a moment after Jetty answers
        assertTrue(kiln.awaitLog("HTTP server is serving on 0.0.0.0:8080 again", Duration.ofSeconds(30)), kiln.logTail());
        assertEquals(1, kiln.countLogLines("HTTP server is serving on 0.0.0.0:8080 again"), kiln.logTail());
    }

    @Test
    @Order(3)
    void aPortChangedToATakenOneIsReportedAndChangingItToAFreeOneHeals() throws Exception {
        holdPort(8081);
        Path cfg = kiln.home.resolve("etc/org.ops4j.pax.web.cfg");
        String original = Files.readString(cfg);
        assertTrue(original.contains("org.osgi.service.http.port = 8080"), original);
        Files.writeString(cfg, original.replace("org.osgi.service.http.port = 8080", "org.osgi.service.http.port = 8081"));
        String row = httpRow(statusWhere(r -> r.contains("port 8081")));
        assertTrue(row.startsWith("http | down |") && row.contains("port 8081 on 0.0.0.0 is in use by another process"), row);

        Files.writeString(cfg, original.replace("org.osgi.service.http.port = 8080", "org.osgi.service.http.port = 8082"));
        Curl moved = new Curl(lab.serverNs, "http://127.0.0.1:8082").with("--max-time", "5");
        Http health = KilnAppliance.poll(() -> moved.get("/health"), h -> h.status() == 200, HEALING, Duration.ofSeconds(1));
        assertEquals(200, health.status(), health + "\n" + kiln.logTail());
        assertTrue(httpRow(statusWhere(r -> r.startsWith("http | up |"))).startsWith("http | up |"));
    }

    static String httpState(Http status) {
        for (JsonNode s : status.json().path("subsystems")) {
            if ("http".equals(s.path("name").asText())) return s.path("state").asText();
        }
        return "";
    }
}
