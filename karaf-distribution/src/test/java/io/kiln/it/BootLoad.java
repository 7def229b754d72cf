package io.kiln.it;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What machines do to Kiln while a test changes something under it: from the lab's client namespace, HTTP GETs of the
 * iPXE script (curl), TFTP gets of a loader (tftp-hpa) and full-mode DHCP leases (BusyBox udhcpc), each in its own
 * loop, until {@link #close}. Every request that does not succeed is recorded with what was seen.
 */
final class BootLoad implements AutoCloseable {
    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean running = true;
    private final Map<String, AtomicLong> done = new ConcurrentHashMap<>();
    final List<String> failures = new CopyOnWriteArrayList<>();

    /** A request that answers whether it succeeded, and what it saw when not (null when it did). */
    @FunctionalInterface
    interface Request {
        String failure() throws Exception;
    }

    /** Starts a loop of {@code request} named {@code kind}, pausing {@code pauseMillis} between requests. */
    BootLoad loop(String kind, long pauseMillis, Request request) {
        done.put(kind, new AtomicLong());
        Thread t = new Thread(() -> {
            while (running) {
                try {
                    String f = request.failure();
                    if (f != null) failures.add(kind + ": " + f);
                } catch (Exception e) {
                    failures.add(kind + ": " + e);
                }
                done.get(kind).incrementAndGet();
                try {
                    Thread.sleep(pauseMillis);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "load-" + kind);
        t.setDaemon(true);
        t.start();
        threads.add(t);
        return this;
    }

    /** HTTP GETs of {@code path} from {@code curl} expecting 200. */
    /** Scratch files of the TFTP loops, deleted on close. */
    private final java.util.List<Path> outputs = new java.util.concurrent.CopyOnWriteArrayList<>();

    BootLoad http(Curl curl, String path) {
        return loop("http", 50, () -> {
            Http r = curl.get(path);
            return r.status() == 200 ? null : "GET " + path + " -> " + r.status() + " " + r.body();
        });
    }

    /** TFTP gets of {@code file} with tftp-hpa in the client namespace, expecting {@code size} bytes. */
    BootLoad tftp(NetworkLab lab, String file, long size) throws Exception {
        Path out = Files.createTempFile("kiln-load-tftp", ".bin");
        outputs.add(out);
        return loop("tftp", 100, () -> {
            Files.deleteIfExists(out);
            Exec.Result r = lab.client(60, "tftp", "-m", "binary", lab.serverIp, "-c", "get", file, out.toString());
            long got = Files.exists(out) ? Files.size(out) : -1;
            return r.ok() && got == size ? null : "get " + file + " -> exit " + r.code() + ", " + got + " bytes: " + r.out().trim();
        });
    }

    /** DHCP leases for {@code mac} (the client NIC's own MAC: changing it under running clients would break them). */
    BootLoad dhcp(NetworkLab lab, String mac) {
        return loop("dhcp", 1000, () -> {
            Map<String, String> env = Udhcpc.lease(lab, mac, Udhcpc.pxe(7));
            return env.containsKey("ip") ? null : "no lease for " + mac;
        });
    }

    /** Requests made so far by kind, e.g. {http=412, tftp=80, dhcp=25}. */
    Map<String, Long> counts() {
        Map<String, Long> m = new java.util.TreeMap<>();
        done.forEach((k, v) -> m.put(k, v.get()));
        return m;
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        for (Thread t : threads) t.join(90_000);
        for (Path p : outputs) { // the downloads' scratch files: a test leaves nothing in /tmp
            try {
                Files.deleteIfExists(p);
            } catch (java.io.IOException e) {
                // best effort
            }
        }
    }
}
