package io.kiln.events.internal;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * A webhook receiver on 127.0.0.1 (the JDK's HTTP server): answers each POST with the next status of a script (then
 * 200), or hangs until closed; keeps every request it got.
 */
final class Receiver implements AutoCloseable {

    /** One request as received. */
    record Got(long atNanos, String signature, String event, String delivery, String contentType, byte[] body) {
    }

    private final HttpServer server;
    private final ExecutorService threads = Executors.newCachedThreadPool();
    private final Deque<Integer> script = new ArrayDeque<>();
    private final List<Got> got = new ArrayList<>();
    private final CountDownLatch release = new CountDownLatch(1);
    private volatile boolean hang;

    Receiver() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/hook", this::handle);
        server.setExecutor(threads);
        server.start();
    }

    /** Answers the next requests with these statuses, in order, then 200. */
    Receiver failing(Integer... statuses) {
        synchronized (script) {
            script.addAll(List.of(statuses));
        }
        return this;
    }

    /** Never answers (until closed). */
    Receiver hanging() {
        hang = true;
        return this;
    }

    URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/hook/secret-path");
    }

    private void handle(HttpExchange x) throws IOException {
        byte[] body;
        try (InputStream in = x.getRequestBody()) {
            body = in.readAllBytes();
        }
        var h = x.getRequestHeaders();
        synchronized (got) {
            got.add(new Got(System.nanoTime(), h.getFirst("X-Kiln-Signature"), h.getFirst("X-Kiln-Event"), h.getFirst("X-Kiln-Delivery"),
                    h.getFirst("Content-Type"), body));
            got.notifyAll();
        }
        if (hang) {
            try {
                release.await(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        Integer status;
        synchronized (script) {
            status = script.poll();
        }
        x.sendResponseHeaders(status == null ? 200 : status, -1);
        x.close();
    }

    List<Got> got() {
        synchronized (got) {
            return List.copyOf(got);
        }
    }

    /** Waits until {@code n} requests came in; what came meanwhile. */
    List<Got> await(int n, Duration atMost) throws InterruptedException {
        long end = System.nanoTime() + atMost.toNanos();
        synchronized (got) {
            while (got.size() < n) {
                long left = end - System.nanoTime();
                if (left <= 0) break;
                TimeUnit.NANOSECONDS.timedWait(got, left);
            }
            return List.copyOf(got);
        }
    }

    @Override
    public void close() {
        release.countDown();
        server.stop(0);
        threads.shutdownNow();
    }
}
