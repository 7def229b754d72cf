package io.kiln.boot.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.eclipse.jetty.servlet.ServletContextHandler;
import org.eclipse.jetty.servlet.ServletHolder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The micro-OS call-home placeholder in an embedded Jetty 9.4, posted to the way busybox wget does. */
class BootReportServletTest {

    static final String CMDLINE = "console=ttyS0 initrd=initrd.img kiln.host=edge-1 kiln.url=http://10.0.0.1:8080";
    static final HttpClient http = HttpClient.newHttpClient();
    LoopbackJetty server;
    String base;
    BootReportServlet servlet;

    @BeforeEach
    void start() throws Exception {
        servlet = new BootReportServlet(Clock.fixed(Instant.ofEpochMilli(1_700_000_000_123L), ZoneOffset.UTC));
        server = new LoopbackJetty();
        ServletContextHandler ctx = server.context;
        ctx.addServlet(new ServletHolder("kiln-boot-report", servlet), "/boot/report");
        server.start();
        base = server.base() + "/boot/report";
    }

    @AfterEach
    void stop() throws Exception {
        server.stop();
    }

    HttpResponse<String> post(String query, String contentType, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(base + query)).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    String get(String query) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + query)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r.body());
        return r.body();
    }

    @Test
    void aFormEncodedPostKeepsTheCommandLineVerbatim() throws Exception {
        // busybox wget --post-data sends application/x-www-form-urlencoded; '=' and '&' must not be parsed as fields
        HttpResponse<String> r = post("?mac=52-54-00-AA-BB-01", "application/x-www-form-urlencoded", CMDLINE + " a&b=c\n");
        assertEquals(200, r.statusCode(), r.body());
        assertEquals("1700000000123 52:54:00:aa:bb:01 " + CMDLINE + " a&b=c\n", get(""));
    }

    @Test
    void reportsAreListedOldestFirstAndFilteredByMac() throws Exception {
        post("?mac=52:54:00:aa:bb:01", "text/plain", "one");
        post("?mac=52:54:00:aa:bb:02", "text/plain", "two\u0007\nline");
        assertEquals("1700000000123 52:54:00:aa:bb:01 one\n1700000000123 52:54:00:aa:bb:02 two  line\n", get(""));
        assertEquals("1700000000123 52:54:00:aa:bb:02 two  line\n", get("?mac=5254.00aa.bb02"));
        assertEquals("", get("?mac=52:54:00:aa:bb:99"));
    }

    @Test
    void onlyTheLastReportsAreKept() throws Exception {
        for (int i = 0; i < BootReportServlet.KEEP + 5; i++) post("?mac=52:54:00:aa:bb:01", "text/plain", "n=" + i);
        assertEquals(BootReportServlet.KEEP, servlet.reports().size());
        assertEquals("n=5", servlet.reports().get(0).cmdline());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "?mac=", "?mac=zz:54:00:aa:bb:01", "?mac=52%3A54%3A00", "?foo=52:54:00:aa:bb:01"})
    void aMissingOrBadMacIs400AndNothingIsStored(String query) throws Exception {
        HttpResponse<String> r = post(query, "text/plain", CMDLINE);
        assertEquals(400, r.statusCode(), r.body());
        assertTrue(servlet.reports().isEmpty());
    }

    @Test
    void anOversizedReportIs413() throws Exception {
        HttpResponse<String> r = post("?mac=52:54:00:aa:bb:01", "text/plain", "x".repeat(BootReportServlet.MAX_BODY + 1));
        assertEquals(413, r.statusCode());
        assertTrue(servlet.reports().isEmpty());
        assertEquals(200, post("?mac=52:54:00:aa:bb:01", "text/plain", "x".repeat(BootReportServlet.MAX_BODY)).statusCode());
    }

    @Test
    void onlyLoopbackMayRead() {
        assertTrue(BootReportServlet.isLoopback("127.0.0.1"));
        assertTrue(BootReportServlet.isLoopback("::1"));
        assertTrue(BootReportServlet.isLoopback("[0:0:0:0:0:0:0:1]"));
        assertFalse(BootReportServlet.isLoopback("10.213.9.100"));
        assertFalse(BootReportServlet.isLoopback("fe80::1%br0"));
        assertFalse(BootReportServlet.isLoopback("localhost"), "names are never looked up");
        assertFalse(BootReportServlet.isLoopback(""));
        assertFalse(BootReportServlet.isLoopback(null));
    }

    @Test
    void queryParametersAreDecoded() {
        assertEquals("52:54:00:aa:bb:01", BootReportServlet.queryParam("x=1&mac=52%3A54:00:aa:bb:01", "mac"));
        assertEquals("", BootReportServlet.queryParam("mac", "mac"));
        assertNull(BootReportServlet.queryParam("macs=1", "mac"));
        assertNull(BootReportServlet.queryParam(null, "mac"));
        assertThrows(IllegalArgumentException.class, () -> BootReportServlet.queryParam("mac=%zz", "mac"));
    }

    @Test
    void aKnownHostsReportGoesIntoItsTimelineWithItsSecretsMasked() throws Exception {
        Timeline timeline = new Timeline();
        servlet.timeline = timeline;
        servlet.inventory = new MemoryInventory().with(io.kiln.api.inventory.Host.of("edge-1", java.util.List.of("52:54:00:aa:bb:01"), "p"));
        assertEquals(200, post("?mac=52:54:00:aa:bb:01", "text/plain", CMDLINE + " kiln.token=eyJhbGciOi.secret.part kiln.ca=ab12").statusCode());
        assertEquals(200, post("?mac=52:54:00:aa:bb:02", "text/plain", "a stranger").statusCode());
        assertEquals(java.util.List.of("edge-1 boot-report the micro-OS called home from 127.0.0.1, kernel command line: " + CMDLINE
                + " kiln.token=*** kiln.ca=ab12"), timeline.lines);
        assertTrue(get("").contains("kiln.token=eyJhbGciOi.secret.part"), "the loopback-only list keeps the line as it came");
    }
}
