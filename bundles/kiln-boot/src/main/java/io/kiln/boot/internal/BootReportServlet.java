package io.kiln.boot.internal;

import io.kiln.api.KilnException;
import io.kiln.api.events.EventSource;
import io.kiln.api.events.HostEvents;
import io.kiln.api.inventory.Inventory;
import io.kiln.api.net.Ipv4Address;
import io.kiln.api.net.MacAddress;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.URLDecoder;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import javax.servlet.Servlet;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletPattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * PLACEHOLDER until the onboarding API exists: the micro-OS "call home". A machine that booted Kiln's micro-OS
 * posts its MAC and kernel command line; Kiln logs it at INFO and keeps the last {@value #KEEP} reports in memory.
 *
 * <ul>
 *   <li>{@code POST /boot/report?mac=MAC} with the kernel command line as the body (any content type, at most
 *       {@value #MAX_BODY} bytes): 200, or 400 for a bad MAC, 413 for a larger body. Unauthenticated, like the rest
 *       of {@code /boot/}: booting machines have no credentials yet.</li>
 *   <li>{@code GET /boot/report[?mac=MAC]}: the reports, oldest first, one per line
 *       {@code epoch-ms mac cmdline} (text/plain). From this machine (loopback) only, like the REST
 *       API's default, because command lines may carry what only operators should read.</li>
 * </ul>
 * Nothing is persisted here; a restart forgets the reports. A report of a machine the inventory knows also goes into
 * the host's timeline ({@code boot-report}, tokens and passwords in the command line masked) while kiln-events runs.
 */
@Component(service = Servlet.class)
@HttpWhiteboardServletPattern("/boot/report")
@HttpWhiteboardServletName("kiln-boot-report")
public class BootReportServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(BootReportServlet.class);

    static final int KEEP = 200;
    static final int MAX_BODY = 4096;

    /** One call home. */
    record Report(long epochMs, String mac, String cmdline) {
        String line() {
            return epochMs + " " + mac + " " + cmdline;
        }
    }

    private final transient Clock clock;
    private final transient Deque<Report> reports = new ArrayDeque<>();
    /** Optional, both: a known host's report goes into its timeline. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    volatile transient HostEvents timeline;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    volatile transient Inventory inventory;
    /** key=value words of a command line whose value is a secret. */
    private static final java.util.regex.Pattern SECRET = java.util.regex.Pattern.compile("(\\S*(?:token|password|secret|key)\\S*?=)\\S+",
            java.util.regex.Pattern.CASE_INSENSITIVE);

    public BootReportServlet() {
        this(Clock.systemUTC());
    }

    BootReportServlet(Clock clock) {
        this.clock = clock;
    }

    @Override
    protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        // the body is read raw and the MAC taken from the query string: busybox wget posts as a form, and letting the
        // container parse a command line as form fields would lose it
        String mac;
        try {
            mac = MacAddress.canonical(queryParam(req.getQueryString(), "mac"));
        } catch (KilnException | IllegalArgumentException e) {
            write(resp, 400, "bad request: ?mac= must be a MAC address (expected 52:54:00:12:34:56)\n");
            return;
        }
        byte[] body;
        try (InputStream in = req.getInputStream()) {
            body = in.readNBytes(MAX_BODY + 1);
        }
        if (body.length > MAX_BODY) {
            write(resp, 413, "report larger than " + MAX_BODY + " bytes\n");
            return;
        }
        String cmdline = IpxeScripts.printable(new String(body, StandardCharsets.UTF_8)).trim();
        Report r = new Report(clock.millis(), mac, cmdline);
        synchronized (reports) {
            if (reports.size() == KEEP) reports.removeFirst();
            reports.addLast(r);
        }
        LOG.info("micro-OS report from {} ({}): {}", mac, req.getRemoteAddr(), cmdline);
        record(mac, req.getRemoteAddr(), cmdline);
        write(resp, 200, "ok\n");
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        if (!isLoopback(req.getRemoteAddr())) {
            write(resp, 403, "reports are readable from the Kiln machine only\n");
            return;
        }
        String mac = null;
        try {
            String asked = queryParam(req.getQueryString(), "mac");
            if (asked != null && !asked.isBlank()) mac = MacAddress.canonical(asked);
        } catch (KilnException | IllegalArgumentException e) {
            write(resp, 400, "bad request: ?mac= must be a MAC address\n");
            return;
        }
        StringBuilder sb = new StringBuilder();
        for (Report r : reports()) if (mac == null || mac.equals(r.mac())) sb.append(r.line()).append('\n');
        write(resp, 200, sb.toString());
    }

    private void record(String mac, String from, String cmdline) {
        HostEvents t = timeline;
        Inventory inv = inventory;
        if (t == null || inv == null) return;
        try {
            inv.hostByMac(mac).ifPresent(h -> t.record(h.name(), EventSource.HTTP, "boot-report", "the micro-OS called home from " + from
                    + ", kernel command line: " + masked(cmdline)));
        } catch (KilnException e) {
            // the inventory cannot answer now: the report is logged above, and kept
        }
    }

    /** The command line with the values of token, password, secret and key words masked: timelines go to webhooks. */
    static String masked(String cmdline) {
        return SECRET.matcher(cmdline).replaceAll("$1***");
    }

    List<Report> reports() {
        synchronized (reports) {
            return new ArrayList<>(reports);
        }
    }

    /** The first value of a query-string parameter, decoded; null when absent. */
    static String queryParam(String query, String name) {
        if (query == null) return null;
        for (String pair : query.split("&")) {
            int eq = pair.indexOf('=');
            String key = eq < 0 ? pair : pair.substring(0, eq);
            if (key.equals(name)) return eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
        }
        return null;
    }

    static boolean isLoopback(String remoteAddr) {
        if (remoteAddr == null || remoteAddr.isEmpty()) return false;
        String a = remoteAddr.startsWith("[") && remoteAddr.endsWith("]") ? remoteAddr.substring(1, remoteAddr.length() - 1) : remoteAddr;
        // literal addresses only, so that InetAddress never looks a name up
        boolean literal = Ipv4Address.isValid(a) || a.matches("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*(%[\\w.-]+)?");
        if (!literal) return false;
        try {
            return InetAddress.getByName(a).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    private static void write(HttpServletResponse resp, int status, String text) throws IOException {
        byte[] body = text.getBytes(StandardCharsets.UTF_8);
        resp.setStatus(status);
        resp.setContentType("text/plain;charset=utf-8");
        resp.setHeader("Cache-Control", "no-store");
        resp.setContentLength(body.length);
        resp.getOutputStream().write(body);
    }
}
