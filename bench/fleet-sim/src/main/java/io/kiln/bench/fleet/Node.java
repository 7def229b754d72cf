package io.kiln.bench.fleet;

import com.fasterxml.jackson.jr.ob.JSON;
import io.kiln.bench.fleet.Stats.Stage;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;

/**
 * One virtual machine, from power-on to its installed system reporting its first boot, as continuations on the
 * simulator's pools: no thread is held while the node waits (for an answer's retransmission, a {@code wait} action,
 * a retry while Kiln is down). It behaves like Kiln's firmware path and node agent: the same requests in the same
 * order, the agent's retry rules (PROTOCOL.md; node-agent ActionLoop, Onboarding), and nothing but "ok" for each action.
 */
final class Node {
    private static final long RETRY_MS = 5_000;          // the agent's retryMillis
    private static final int RESULT_ATTEMPTS = 10;       // the agent's RESULT_ATTEMPTS
    private static final long HEARTBEAT_MS = 30_000;

    final int index;
    final String name;
    final byte[] mac;
    final String macText;
    final String uuid;
    final String serial;
    private final Fleet sim;

    volatile InetAddress ip;
    volatile String stage = "powered off";
    volatile String lastError;
    volatile String failure;
    volatile long powerOn, onboarded, firstBootSent, running = -1;
    private long stageStart;
    private int tftpAttempts;
    private boolean scriptStarted;
    private String httpsHost;
    private int httpsPort;
    private String caPin, enrollmentToken;
    private KeyPair keys;
    private String onboardBody;
    private String agentPath = "/agent/v1", bearer;
    private SSLContext agentTls;
    private Http agent;
    private volatile ScheduledFuture<?> heartbeat;
    /** The id of the last action (not a wait) this agent received: sent with next, as the real agent does. */
    private volatile String received;
    private volatile boolean rebooted;
    /** Agent actions this node was handed, by id (a repeat of a non-idempotent one would show here too). */
    final Map<String, String> actions = new LinkedHashMap<>();

    Node(Fleet sim, int index) {
        this.sim = sim;
        this.index = index;
        this.name = String.format(Locale.ROOT, "fleet-%05d", index);
        int m = index + 1;
        this.mac = new byte[] {0x52, 0x54, 0x10, (byte) (m >>> 16), (byte) (m >>> 8), (byte) m};
        this.macText = String.format(Locale.ROOT, "52:54:10:%02x:%02x:%02x", (m >>> 16) & 0xff, (m >>> 8) & 0xff, m & 0xff);
        this.uuid = String.format(Locale.ROOT, "f1ee7000-0000-4000-8000-%012x", (long) m);
        this.serial = String.format(Locale.ROOT, "FLEET%07d", m);
    }

    private byte[] uuidBytes() {
        String hex = uuid.replace("-", "");
        byte[] b = new byte[16];
        for (int i = 0; i < 16; i++) b[i] = (byte) Integer.parseInt(hex.substring(2 * i, 2 * i + 2), 16);
        return b;
    }

    // ---- firmware: DHCP, TFTP, iPXE's DHCP, the script ----

    void powerOn() {
        powerOn = stageStart = System.currentTimeMillis();
        stage = "dhcp";
        sim.dhcp.start(sim.dhcp.exchange(mac, uuidBytes(), false, sim.arch, sim.stageTimeoutMs, this::firmwareLease, this::fail));
    }

    private void firmwareLease(Dhcp.Lease l) {
        long now = System.currentTimeMillis();
        sim.stats.record(Stage.DHCP, index, now - stageStart);
        ip = l.ip();
        sim.leased(this, l.ip());
        if (l.file() == null || l.file().isEmpty()) {
            fail("dhcp: the ACK names no boot file (is the host known to Kiln?)");
            return;
        }
        stage = "tftp";
        stageStart = now;
        InetAddress next = l.nextServer() != null && !l.nextServer().isAnyLocalAddress() ? l.nextServer() : l.server();
        sim.tftpPool.execute(() -> tftp(next, l.file()));
    }

    private void tftp(InetAddress server, String file) {
        // from the transfer's start: the time a node waits for one of the simulator's TFTP threads is not Kiln's
        if (tftpAttempts == 0) stageStart = System.currentTimeMillis();
        try {
            Tftp.read(ip, server, file, sim.blksize, sim.window, 1000);
            long now = System.currentTimeMillis();
            sim.stats.record(Stage.TFTP, index, now - stageStart);
            stage = "dhcp (iPXE)";
            stageStart = now;
            sim.dhcp.start(sim.dhcp.exchange(mac, uuidBytes(), true, sim.arch, sim.stageTimeoutMs, this::ipxeLease, this::fail));
        } catch (IOException e) {
            // firmware whose loader download failed gives up and the machine reboots into the network again: retry the transfer
            if (++tftpAttempts >= 5) {
                fail("tftp: " + e.getMessage());
                return;
            }
            retried("tftp: " + e.getMessage());
            sim.later(2_000, () -> sim.tftpPool.execute(() -> tftp(server, file)));
        }
    }

    private void ipxeLease(Dhcp.Lease l) {
        long now = System.currentTimeMillis();
        sim.stats.record(Stage.DHCP_IPXE, index, now - stageStart);
        if (!l.ip().equals(ip)) sim.leased(this, l.ip());
        ip = l.ip();
        if (l.file() == null || !l.file().startsWith("http://")) {
            fail("dhcp (iPXE): the ACK names no script URL but '" + l.file() + "'");
            return;
        }
        stage = "script";
        stageStart = now;
        sim.io.execute(() -> script(URI.create(l.file())));
    }

    private void script(URI url) {
        if (!scriptStarted) { // from the request: the wait for one of the simulator's I/O threads is not Kiln's
            scriptStarted = true;
            stageStart = System.currentTimeMillis();
        }
        Http.Response r;
        try (Http h = new Http(ip, new InetSocketAddress(url.getHost(), url.getPort() < 0 ? 80 : url.getPort()), null)) {
            r = h.get(url.getRawPath() + (url.getRawQuery() == null ? "" : "?" + url.getRawQuery()), Map.of("User-Agent", "iPXE/1.21.1"));
        } catch (IOException e) {
            retry("script: " + describe(e), () -> script(url));
            return;
        }
        if (r.status() != 200) {
            retry("script: HTTP " + r.status(), () -> script(url));
            return;
        }
        String kernel = null;
        for (String line : r.text().split("\n")) if (line.startsWith("kernel ")) kernel = line;
        if (kernel == null) {
            fail("script: no kernel line: " + r.text().replace('\n', ' ').trim());
            return;
        }
        String https = null;
        for (String arg : kernel.split(" ")) {
            if (arg.startsWith("kiln.https=")) https = arg.substring(11);
            else if (arg.startsWith("kiln.ca=")) caPin = arg.substring(8);
            else if (arg.startsWith("kiln.token=")) enrollmentToken = arg.substring(11);
        }
        if (https == null || caPin == null || enrollmentToken == null) {
            fail("script: kiln.https, kiln.ca or kiln.token missing: " + kernel);
            return;
        }
        URI u = URI.create(https);
        httpsHost = u.getHost();
        httpsPort = u.getPort();
        long now = System.currentTimeMillis();
        sim.stats.record(Stage.SCRIPT, index, now - stageStart);
        stage = "onboard";
        stageStart = now;
        onboard();
    }

    // ---- the node agent ----

    private void onboard() {
        Http.Response r;
        try {
            if (keys == null) {
                stageStart = System.currentTimeMillis(); // from the first request (its key and CSR included), as for the script
                keys = Tls.newKeyPair();
                Map<String, Object> req = new LinkedHashMap<>();
                req.put("uuid", uuid);
                req.put("serial", serial);
                req.put("macs", List.of(macText));
                req.put("token", enrollmentToken);
                req.put("csr", Tls.csrPem(keys));
                req.put("facts", facts());
                onboardBody = JSON.std.asString(req);
            }
            // a fresh TLS context, as the agent makes one: no session of another node is resumed
            try (Http h = new Http(ip, new InetSocketAddress(httpsHost, httpsPort), Tls.context(caPin, null, null))) {
                r = h.post("/api/v1/onboard", Map.of("Accept", "application/json"), onboardBody);
            }
        } catch (IOException e) {
            retry("onboard: " + describe(e), this::onboard);
            return;
        } catch (GeneralSecurityException e) {
            fail("onboard: " + e);
            return;
        }
        Map<String, Object> b = json(r);
        switch (r.status()) {
            case 200 -> {
                try {
                    agentTls = Tls.context(caPin, keys.getPrivate(), (String) b.get("certificate"));
                } catch (GeneralSecurityException | RuntimeException e) {
                    fail("onboard: the issued certificate cannot be used: " + e);
                    return;
                }
                bearer = (String) b.get("token");
                String agentUrl = String.valueOf(b.get("agentUrl"));
                agentPath = URI.create(agentUrl).getRawPath().replaceAll("/+$", "");
                long now = System.currentTimeMillis();
                onboarded = now;
                sim.stats.record(Stage.ONBOARD, index, now - stageStart);
                stage = "agent";
                stageStart = now;
                agent = new Http(ip, new InetSocketAddress(httpsHost, httpsPort), agentTls);
                heartbeat = sim.every(HEARTBEAT_MS, this::heartbeat);
                sim.io.execute(this::heartbeat); // the agent's first heartbeat goes out at once
                sim.io.execute(this::next);
            }
            case 202 -> {
                Object after = b.get("retryAfterSeconds");
                String reason = String.valueOf(b.get("reason"));
                retried("onboard: 202 " + clip(reason));
                sim.later(1000L * (after instanceof Number n ? n.longValue() : 10), () -> sim.io.execute(this::onboard));
            }
            case 400, 403 -> fail("onboard: HTTP " + r.status() + ": " + clip(String.valueOf(b.get("detail"))));
            default -> retry("onboard: HTTP " + r.status(), this::onboard);
        }
    }

    private Map<String, String> facts() {
        Map<String, String> f = new LinkedHashMap<>();
        f.put("dmi.uuid", uuid);
        f.put("dmi.serial", serial);
        f.put("dmi.vendor", "Kiln Fleet Simulator");
        f.put("dmi.product", "Virtual Node");
        f.put("cpu.count", "8");
        f.put("cpu.model", "Simulated CPU @ 2.0GHz");
        f.put("memory.bytes", Long.toString(16L << 30));
        f.put("nic.eth0.mac", macText);
        f.put("nic.eth0.driver", "virtio_net");
        f.put("nic.eth0.speedMbps", "10000");
        f.put("nic.eth0.link", "up");
        f.put("disk.vda.sizeBytes", Long.toString(64L << 30));
        f.put("disk.vda.model", "SIMDISK");
        f.put("disk.vda.serial", "D" + serial);
        f.put("disk.vda.rotational", "false");
        f.put("pci", "1af4:1041@0000:01:00.0 1af4:1042@0000:02:00.0");
        return f;
    }

    /** One agent API call on the kept connection (heartbeats come from the timer: one request at a time per node). */
    private Http.Response call(String method, String path, Object body) throws IOException {
        Map<String, String> h = new LinkedHashMap<>();
        h.put("Authorization", "Bearer " + bearer);
        h.put("Accept", "application/json");
        synchronized (this) {
            Http a = agent;
            if (a == null) throw new IOException("the agent has stopped (rebooted)");
            return a.exchange(method, agentPath + path, h, body == null ? null : JSON.std.asBytes(body));
        }
    }

    private void heartbeat() {
        if (rebooted || failure != null) return;
        try {
            synchronized (this) {
                if (agent == null) return; // it rebooted meanwhile: the installed system sends no heartbeats
            }
            Http.Response r = call("POST", "/heartbeat", Map.of());
            if (r.status() / 100 != 2) retried("heartbeat: HTTP " + r.status());
        } catch (IOException e) {
            retried("heartbeat: " + describe(e));
        }
    }

    private void next() {
        if (failure != null || rebooted) return;
        Http.Response r;
        try {
            r = call("GET", received == null ? "/next" : "/next?received=" + java.net.URLEncoder.encode(received, java.nio.charset.StandardCharsets.UTF_8), null);
        } catch (IOException e) {
            retry("next: " + describe(e), this::next);
            return;
        }
        if (r.status() == 401 || r.status() == 403) {
            fail("agent: HTTP " + r.status() + " on next: " + clip(String.valueOf(json(r).get("detail"))));
            return;
        }
        if (r.status() != 200) {
            retry("next: HTTP " + r.status(), this::next);
            return;
        }
        Map<String, Object> a = json(r);
        String id = String.valueOf(a.get("id"));
        String type = String.valueOf(a.get("type"));
        if (!type.equals("wait")) received = id;
        switch (type) {
            case "wait" -> {
                Object s = a.get("seconds");
                sim.later(1000L * (s instanceof Number n ? n.longValue() : 5), () -> sim.io.execute(this::next));
            }
            case "done" -> fail("agent: told done before it rebooted: " + clip(String.valueOf(a.get("reason"))));
            case "reboot" -> {
                synchronized (actions) {
                    actions.merge(id, type, (x, y) -> x + "+" + y);
                }
                result(id, "rebooting", 1, this::reboot);
            }
            default -> {
                synchronized (actions) {
                    actions.merge(id, type, (x, y) -> x + "+" + y);
                }
                sim.later(sim.actionMs, () -> sim.io.execute(() -> {
                    progress(id, type);
                    result(id, type + " done (simulated)", 1, this::next);
                }));
            }
        }
    }

    /** The agent's last progress report of an action (ProgressReporter.close); a failure is only logged by the agent. */
    private void progress(String id, String type) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("percent", 100);
        p.put("message", type + " done (simulated)");
        p.put("log", List.of());
        try {
            Http.Response r = call("POST", "/actions/" + id + "/progress", p);
            if (r.status() / 100 != 2) retried("progress: HTTP " + r.status());
        } catch (IOException e) {
            retried("progress: " + describe(e));
        }
    }

    /** Up to RESULT_ATTEMPTS tries 5 s apart, then on with {@code then} anyway (ActionLoop.report). */
    private void result(String id, String message, int attempt, Runnable then) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("ok", true);
        body.put("message", message);
        body.put("details", Map.of());
        String why;
        try {
            Http.Response r = call("POST", "/actions/" + id + "/result", body);
            if (r.status() / 100 == 2) {
                sim.io.execute(then);
                return;
            }
            if (r.status() == 401 || r.status() == 403) {
                fail("agent: HTTP " + r.status() + " on result: " + clip(String.valueOf(json(r).get("detail"))));
                return;
            }
            why = "result: HTTP " + r.status();
        } catch (IOException e) {
            why = "result: " + describe(e);
        }
        retried(why);
        if (attempt >= RESULT_ATTEMPTS) {
            sim.stats.retried("result: given up after " + RESULT_ATTEMPTS + " attempts (as the agent does)");
            sim.io.execute(then);
            return;
        }
        sim.later(RETRY_MS, () -> sim.io.execute(() -> result(id, message, attempt + 1, then)));
    }

    /** The agent reboots; the installed system comes up from its disk and reports its first boot. */
    private void reboot() {
        rebooted = true;
        ScheduledFuture<?> h = heartbeat;
        if (h != null) h.cancel(false);
        synchronized (this) {
            if (agent != null) agent.close();
            agent = null;
        }
        stage = "rebooting";
        sim.later(sim.rebootMs, () -> sim.io.execute(this::firstBoot));
    }

    private void firstBoot() {
        stage = "first boot";
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("marker", "fleet-sim-" + name);
        body.put("facts", Map.of("dmi.uuid", uuid));
        Http.Response r;
        try (Http h = new Http(ip, new InetSocketAddress(httpsHost, httpsPort), agentTls)) {
            r = h.post(agentPath + "/firstboot", Map.of("Authorization", "Bearer " + bearer), JSON.std.asString(body));
        } catch (IOException e) {
            retry("firstboot: " + describe(e), this::firstBoot);
            return;
        }
        if (r.status() == 401 || r.status() == 403) {
            fail("firstboot: HTTP " + r.status() + ": " + clip(String.valueOf(json(r).get("detail"))));
            return;
        }
        if (r.status() / 100 != 2) {
            retry("firstboot: HTTP " + r.status(), this::firstBoot);
            return;
        }
        firstBootSent = System.currentTimeMillis();
        stage = "reported first boot, waiting for RUNNING";
    }

    /** Seen RUNNING by the simulator's poll of Kiln's instances. */
    void seenRunning(long at) {
        if (running >= 0) return;
        running = at;
        sim.stats.record(Stage.WORKFLOW, index, at - onboarded);
        sim.stats.record(Stage.TOTAL, index, at - powerOn);
        stage = "RUNNING";
    }

    // ---- helpers ----

    private void retry(String why, Runnable again) {
        retried(why);
        if (sim.pastDeadline()) {
            fail(why + " (until the run's deadline)");
            return;
        }
        sim.later(RETRY_MS, () -> sim.io.execute(again));
    }

    private void retried(String why) {
        lastError = why;
        sim.stats.retried(why);
    }

    void fail(String why) {
        if (failure != null) return;
        failure = why;
        ScheduledFuture<?> h = heartbeat;
        if (h != null) h.cancel(false);
        sim.stats.failed(why);
        sim.nodeFailed(this);
    }

    private static Map<String, Object> json(Http.Response r) {
        try {
            String t = r.text();
            return t.isBlank() ? Map.of() : JSON.std.mapFrom(t);
        } catch (IOException | RuntimeException e) {
            return Map.of("detail", r.text());
        }
    }

    /** A reason in few words, so reasons group: no addresses, ids or numbers that differ between nodes. */
    static String clip(String s) {
        String t = s.replaceAll("fleet-\\d+", "HOST").replaceAll("\\d{4}-\\d\\d-\\d\\dT[0-9:.]+Z", "T").replaceAll("\\b[0-9a-f]{16,}\\b", "X");
        return t.length() > 140 ? t.substring(0, 140) + "..." : t;
    }

    static String describe(Throwable e) {
        String m = e.getMessage();
        if (e instanceof java.net.ConnectException) return "connection refused";
        if (e instanceof java.net.SocketTimeoutException) return "timed out";
        if (e instanceof java.io.EOFException) return "connection closed by Kiln";
        if (m == null) return e.getClass().getSimpleName();
        return clip(m.replaceAll("\\d+\\.\\d+\\.\\d+\\.\\d+(:\\d+)?", "ADDR")) + " (" + e.getClass().getSimpleName() + ")";
    }
}
