package io.kiln.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The assembled distribution, unpacked fresh and started as an operator would ({@code bin/karaf server}), inside
 * the lab's server namespace; talked to through {@code bin/client}, HTTP and real network clients.
 *
 * <p>Also the home of the integration tests' shared helpers: shell commands ({@link #client}), HTTP through curl in a
 * namespace ({@link #http()}, {@link #rest}, see {@link Curl} and {@link Http}), the log ({@link #countLogLines},
 * {@link #awaitLog}), polling ({@link #poll}, {@link #clientUntil}), reading command output ({@link #field},
 * {@link #counter}) and clean-up ({@link #closeAll}).
 */
final class KilnAppliance implements AutoCloseable {
    final Path home;
    final NetworkLab lab;
    /** The network namespace Kiln runs in. */
    final String ns;
    private Process karaf;

    KilnAppliance(String name, NetworkLab lab) throws IOException {
        this(name, lab, lab.serverNs);
    }

    /** Kiln in a namespace the caller made some other way (e.g. {@link BridgeLab}); {@link #lab} is null then. */
    KilnAppliance(String name, String ns) throws IOException {
        this(name, null, ns);
    }

    private KilnAppliance(String name, NetworkLab lab, String ns) throws IOException {
        this.lab = lab;
        this.ns = ns;
        Path work = Path.of(System.getProperty("kiln.work", "target/it")).resolve(name);
        if (Files.exists(work)) {
            try (Stream<Path> s = Files.walk(work)) {
                s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        Files.createDirectories(work);
        Exec.must(120, "tar", "xzf", System.getProperty("kiln.dist"), "-C", work.toString());
        try (Stream<Path> s = Files.list(work)) {
            home = s.filter(Files::isDirectory).findFirst().orElseThrow();
        }
        authorizeShellKey();
    }

    /** The tests' shell key: karaf as admin, as an operator's own key in etc/keys.properties would be. */
    void authorizeShellKey() throws IOException {
        Files.writeString(home.resolve("etc/keys.properties"), "\nkaraf=" + ShellKey.publicKey() + ",_g_:admingroup\n",
                java.nio.file.StandardOpenOption.APPEND);
    }

    /** Writes (replaces) an etc/*.cfg file. */
    KilnAppliance config(String pid, Map<String, String> values) throws IOException {
        StringBuilder sb = new StringBuilder();
        values.forEach((k, v) -> sb.append(k).append(" = ").append(v).append('\n'));
        Files.writeString(home.resolve("etc/" + pid + ".cfg"), sb.toString());
        return this;
    }

    /**
     * etc/io.kiln.dhcp.cfg for Kiln as the lab's only DHCP server: full mode on {@code iface}, pool "lab" of
     * {@code prefix}0/24 from .100 to .{@code last}, router .1, 600 s leases. Mutable, to add options.
     */
    static Map<String, String> fullModeDhcp(String iface, String prefix, int last) {
        Map<String, String> dhcp = new LinkedHashMap<>();
        dhcp.put("mode", "full");
        dhcp.put("interfaces", iface);
        dhcp.put("pool.lab.subnet", prefix + "0/24");
        dhcp.put("pool.lab.range", prefix + "100-" + prefix + last);
        dhcp.put("pool.lab.router", prefix + "1");
        dhcp.put("pool.lab.leaseSeconds", "600");
        return dhcp;
    }

    /** Appends settings to an existing etc/*.cfg file (later keys win in Config Admin). */
    KilnAppliance appendConfig(String pid, Map<String, String> values) throws IOException {
        StringBuilder sb = new StringBuilder("\n");
        values.forEach((k, v) -> sb.append(k).append(" = ").append(v).append('\n'));
        Files.writeString(home.resolve("etc/" + pid + ".cfg"), sb.toString(), java.nio.file.StandardOpenOption.APPEND);
        return this;
    }

    /** The REST resources of every Kiln bundle: all of them in {@code GET /api/v1} means every bundle has started. */
    static final List<String> ROUTES = List.of("boot", "dhcp", "events", "hosts", "inventory", "pending", "pki", "plugins", "status", "store",
            "tftp", "workflow-runs");

    /** Starts Kiln and waits until HTTP boot, the REST resources of every bundle and the shell answer. */
    KilnAppliance start() throws Exception {
        Curl probe = http().with("--max-time", "5");
        return startUntil(() -> probe.get("/boot/ipxe").status() > 0 && restReady() && client("kiln:host-list").contains("Name"));
    }

    private boolean restReady() {
        return routesListed(ROUTES);
    }

    /** Whether {@code GET /api/v1} lists these REST resources: their bundles have registered them. */
    boolean routesListed(List<String> wanted) {
        Http r = rest("GET", "", null);
        if (r.status() != 200) return false;
        String routes = r.json().path("routes").toString();
        return wanted.stream().allMatch(p -> routes.contains("\"" + p + "\""));
    }

    /** Starts Kiln and waits for the shell only: for a test in which HTTP cannot answer (another process holds its port). */
    KilnAppliance startWithoutHttp() throws Exception {
        return startUntil(() -> client("kiln:host-list").contains("Name"));
    }

    /**
     * Starts Kiln and waits until {@code ready} (e.g. only the shell answering, when a test keeps part of Kiln from
     * starting).
     */
    KilnAppliance startUntil(Probe<Boolean> ready) throws Exception {
        List<String> cmd = NetworkLab.inNs(ns, home.resolve("bin/karaf").toString(), "server");
        karaf = new ProcessBuilder(cmd).directory(home.toFile()).redirectErrorStream(true)
                .redirectOutput(home.resolve("karaf-console.out").toFile()).start();
        try {
            boolean up = poll(() -> {
                boolean r = karaf.isAlive() && ready.get();
                if (!r && !karaf.isAlive()) throw new IllegalStateException("Kiln exited; " + startFailure());
                return r;
            }, r -> r, Duration.ofSeconds(180), Duration.ofMillis(500));
            if (!up) throw new IllegalStateException("Kiln did not start within 180 s; " + startFailure());
        } catch (Exception | Error e) {
            stop(); // a start that failed leaves no Karaf behind for the next test to trip over
            throw e;
        }
        return this;
    }

    private String startFailure() throws IOException {
        return "console:\n" + Files.readString(home.resolve("karaf-console.out")) + "\nlog tail:\n" + logTail();
    }

    /**
     * Runs shell commands (one a line; the batch stops at the first that fails) over Kiln's SSH port with the tests'
     * key, as {@code ssh -p 8101 karaf@host 'kiln:...'} from an operator's machine. Not bin/client: that starts a JVM
     * per call (2.5 s, 1 s of CPU), and the tests make hundreds; ReadmeIT runs the README's bin/client line as written.
     */
    String client(String command) throws IOException {
        Exec.Result r = null;
        for (int attempt = 0; attempt < 3; attempt++) { // as bin/client -r 3 -d 1: the port may not be open yet
            r = Exec.run(90, null, NetworkLab.inNs(ns, ShellKey.ssh(command).toArray(String[]::new)));
            if (r.code() != 255 || !r.out().contains("onnection refused")) break;
            try {
                Thread.sleep(1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return r.out().replaceAll("\u001B\\[[;\\d]*[A-Za-z]", "").replaceAll("(?m)^Connection to \\S+ closed by remote host\\.\\r?\\n?", "");
    }

    /** Runs one shell command through bin/client (non-interactive: command on stdin, as Karaf's docs advise). */
    String binClient(String command) throws IOException {
        Path in = Files.createTempFile("kiln-cmd", ".txt");
        Files.writeString(in, command + "\n");
        Exec.Result r = Exec.run(90, null, List.of("sh", "-c", String.join(" ", NetworkLab.inNs(ns,
                home.resolve("bin/client").toString(), "-u", "karaf", "-p", "karaf", "-r", "3", "-d", "1", "-b")) + " < " + in));
        Files.deleteIfExists(in);
        return r.out().replaceAll("\u001B\\[[;\\d]*[A-Za-z]", "");
    }

    /** curl in Kiln's own namespace against {@code http://127.0.0.1:8080} (loopback: the REST API lets it in). */
    Curl http() {
        return http(ns, "127.0.0.1");
    }

    /** curl in another namespace (a machine's, an operator's) against Kiln's HTTP port at {@code address}. */
    Curl http(String fromNs, String address) {
        return new Curl(fromNs, "http://" + address + ":8080");
    }

    /** A REST call ({@code /api/v1} + path) as karaf from Kiln's own namespace; headers like {@code "If-Match: \"1\""}. */
    Http rest(String method, String path, String body, String... headers) {
        return http().api().request(method, path, body, headers);
    }

    String log() throws IOException {
        Path log = home.resolve("data/log/karaf.log");
        return Files.exists(log) ? Files.readString(log) : "";
    }

    String logTail() throws IOException {
        return tail(home.resolve("data/log/karaf.log"), 6000);
    }

    /** How many lines of karaf.log contain {@code text} (e.g. one iPXE script served per machine). */
    long countLogLines(String text) throws IOException {
        return log().lines().filter(l -> l.contains(text)).count();
    }

    /** Whether karaf.log contains {@code text} within {@code timeout} (log lines are written as things happen). */
    boolean awaitLog(String text, Duration timeout) throws Exception {
        return poll(this::log, l -> l.contains(text), timeout, Duration.ofMillis(250)).contains(text);
    }

    /** Runs a shell command until its output satisfies {@code done} or {@code timeout} passes; returns the last output. */
    String clientUntil(String command, Predicate<String> done, Duration timeout) throws Exception {
        return poll(() -> client(command), done, timeout, Duration.ofMillis(500));
    }

    /** Kills Kiln's JVM with SIGKILL, as a power cut or the OOM killer would: no shutdown hook, nothing flushed on the way out. */
    void kill() throws Exception {
        if (karaf == null) return;
        karaf.descendants().forEach(ProcessHandle::destroyForcibly); // the JVM under bin/karaf; destroyForcibly is SIGKILL
        karaf.destroyForcibly();
        karaf.waitFor(30, TimeUnit.SECONDS);
        karaf = null;
    }

    void stop() throws Exception {
        if (karaf == null) return;
        Exec.run(60, null, NetworkLab.inNs(ns, home.resolve("bin/stop").toString()));
        if (!karaf.waitFor(60, TimeUnit.SECONDS)) {
            karaf.descendants().forEach(ProcessHandle::destroyForcibly);
            karaf.destroyForcibly();
            karaf.waitFor(10, TimeUnit.SECONDS);
        }
        karaf = null;
    }

    @Override
    public void close() throws Exception {
        stop();
    }

    // ---- generic helpers of the integration tests ----

    /** A probe that may throw (a command, a request, an assertion on a process that must still run). */
    @FunctionalInterface
    interface Probe<T> {
        T get() throws Exception;
    }

    /**
     * Calls {@code probe} every {@code every} until {@code until} accepts its value or {@code timeout} has passed, and
     * returns the last value: the caller asserts on it, so a failure shows what was seen last. What the probe throws
     * ends the polling.
     */
    static <T> T poll(Probe<T> probe, Predicate<? super T> until, Duration timeout, Duration every) throws Exception {
        long end = System.nanoTime() + timeout.toNanos();
        while (true) {
            T value = probe.get();
            if (until.test(value) || System.nanoTime() > end) return value;
            Thread.sleep(every.toMillis());
        }
    }

    /** The value after {@code label:} at the start of a line of a command's output ({@code File:  snponly.efi}), or null. */
    static String field(String out, String label) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(label) + ":\\s+(\\S+)").matcher(out);
        return m.find() ? m.group(1) : null;
    }

    /** A counter in a status command's output ({@code Ignored:    3 (...)}); an AssertionError when it is missing. */
    static long counter(String out, String label) {
        String v = field(out, label);
        if (v == null || !v.matches("\\d+")) throw new AssertionError("no counter '" + label + "' in:\n" + out);
        return Long.parseLong(v);
    }

    /** The last {@code chars} characters of a file (a console, a log), or a note that there is none. */
    static String tail(Path file, int chars) {
        try {
            String s = Files.exists(file) ? Files.readString(file) : "(no " + file + ")";
            return s.length() > chars ? s.substring(s.length() - chars) : s;
        } catch (IOException e) {
            return "(" + e + ")";
        }
    }

    /** Closes each in order (nulls skipped), every one even when an earlier one fails; rethrows the first failure. */
    static void closeAll(AutoCloseable... inOrder) throws Exception {
        Exception first = null;
        for (AutoCloseable c : inOrder) {
            try {
                if (c != null) c.close();
            } catch (Exception e) {
                if (first == null) first = e;
                else first.addSuppressed(e);
            }
        }
        if (first != null) throw first;
    }
}
