package io.kiln.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The assembled distribution, unpacked fresh and started as an operator would ({@code bin/karaf server}), inside
 * the lab's server namespace; talked to through {@code bin/client}, HTTP and real network clients.
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
    }

    /** Writes (replaces) an etc/*.cfg file. */
    KilnAppliance config(String pid, Map<String, String> values) throws IOException {
        StringBuilder sb = new StringBuilder();
        values.forEach((k, v) -> sb.append(k).append(" = ").append(v).append('\n'));
        Files.writeString(home.resolve("etc/" + pid + ".cfg"), sb.toString());
        return this;
    }

    /** Appends settings to an existing etc/*.cfg file (later keys win in Config Admin). */
    KilnAppliance appendConfig(String pid, Map<String, String> values) throws IOException {
        StringBuilder sb = new StringBuilder("\n");
        values.forEach((k, v) -> sb.append(k).append(" = ").append(v).append('\n'));
        Files.writeString(home.resolve("etc/" + pid + ".cfg"), sb.toString(), java.nio.file.StandardOpenOption.APPEND);
        return this;
    }

    KilnAppliance start() throws Exception {
        List<String> cmd = NetworkLab.inNs(ns, home.resolve("bin/karaf").toString(), "server");
        karaf = new ProcessBuilder(cmd).directory(home.toFile()).redirectErrorStream(true)
                .redirectOutput(home.resolve("karaf-console.out").toFile()).start();
        long end = System.currentTimeMillis() + 180_000;
        while (true) {
            // the shell command answering means the kiln feature and its services are up
            if (karaf.isAlive() && http("/boot/ipxe") > 0 && client("kiln:host-list").contains("Name")) return this;
            if (!karaf.isAlive() || System.currentTimeMillis() > end) {
                throw new IllegalStateException("Kiln did not start; console:\n" + Files.readString(home.resolve("karaf-console.out"))
                        + "\nlog tail:\n" + logTail());
            }
            Thread.sleep(500);
        }
    }

    /** Runs one shell command through bin/client (non-interactive: command on stdin, as Karaf's docs advise). */
    String client(String command) throws IOException {
        Path in = Files.createTempFile("kiln-cmd", ".txt");
        Files.writeString(in, command + "\n");
        Exec.Result r = Exec.run(90, null, List.of("sh", "-c", String.join(" ", NetworkLab.inNs(ns,
                home.resolve("bin/client").toString(), "-u", "karaf", "-p", "karaf", "-r", "3", "-d", "1", "-b")) + " < " + in));
        Files.deleteIfExists(in);
        return r.out().replaceAll("\u001B\\[[;\\d]*[A-Za-z]", "");
    }

    /** HTTP status of a GET from inside the server namespace (0 when nothing answers). */
    int http(String path) {
        Exec.Result r = Exec.run(20, null, NetworkLab.inNs(ns, "curl", "-s", "-o", "/dev/null", "-w", "%{http_code}", "--max-time", "5",
                "http://127.0.0.1:8080" + path));
        try {
            return Integer.parseInt(r.out().trim());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    String log() throws IOException {
        Path log = home.resolve("data/log/karaf.log");
        return Files.exists(log) ? Files.readString(log) : "";
    }

    String logTail() throws IOException {
        String l = log();
        return l.length() > 6000 ? l.substring(l.length() - 6000) : l;
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

}
