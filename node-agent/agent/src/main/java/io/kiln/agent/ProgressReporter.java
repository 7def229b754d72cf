package io.kiln.agent;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * An action's progress: the action updates percent, message and log lines; a timer sends them to Kiln at a fixed
 * interval (5 s), so progress keeps coming even while a download waits to resume.
 */
final class ProgressReporter implements AutoCloseable {
    private final KilnHttp http;
    private final String url;
    private final ScheduledExecutorService timer;
    private int percent = -1;
    private String message = "started";
    private final List<String> pendingLog = new ArrayList<>();

    /** @param http null: nothing is sent (local runs and tests of single actions) */
    ProgressReporter(KilnHttp http, String url, long intervalMillis) {
        this.http = http;
        this.url = url;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "kiln-progress");
            t.setDaemon(true);
            return t;
        });
        if (http != null) timer.scheduleAtFixedRate(this::send, intervalMillis, intervalMillis, TimeUnit.MILLISECONDS);
    }

    static ProgressReporter silent() {
        return new ProgressReporter(null, null, 1);
    }

    synchronized void update(int percent, String message) {
        this.percent = percent;
        this.message = message;
    }

    /** A line of the action's log: on the console now, to Kiln with the next progress report. */
    void log(String line) {
        AgentLog.info("  | " + line);
        synchronized (this) {
            pendingLog.add(line);
        }
    }

    void send() {
        Map<String, Object> body = new LinkedHashMap<>();
        synchronized (this) {
            if (percent >= 0) body.put("percent", percent);
            body.put("message", message);
            body.put("log", new ArrayList<>(pendingLog));
            pendingLog.clear();
        }
        if (http == null) return;
        try {
            KilnReply r = http.post(url, body);
            if (r.status() / 100 != 2) AgentLog.info("Kiln did not take a progress report (HTTP " + r.status() + ": " + r.problem() + ")");
        } catch (java.io.IOException e) {
            AgentLog.info("could not send progress to Kiln: " + KilnHttp.describe(e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            AgentLog.info("could not send progress to Kiln: " + e.getMessage());
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
        send(); // the last lines of the log go out before the result
    }
}
