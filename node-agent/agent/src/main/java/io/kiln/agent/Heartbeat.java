package io.kiln.agent;

import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/** {@code POST heartbeat} every 30 s in the background, idle or busy, so Kiln knows the agent is alive. */
final class Heartbeat implements AutoCloseable {
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "kiln-heartbeat");
        t.setDaemon(true);
        return t;
    });
    private final KilnHttp http;
    private final String url;
    private volatile boolean failing;

    Heartbeat(KilnHttp http, String agentUrl, long intervalMillis) {
        this.http = http;
        this.url = agentUrl + "/heartbeat";
        timer.scheduleAtFixedRate(this::beat, 0, intervalMillis, TimeUnit.MILLISECONDS);
    }

    private void beat() {
        String problem;
        try {
            KilnReply r = http.post(url, Map.of());
            problem = r.status() / 100 == 2 ? null : "HTTP " + r.status() + ": " + r.problem();
        } catch (java.io.IOException e) {
            problem = KilnHttp.describe(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        } catch (RuntimeException e) {
            problem = e.getMessage();
        }
        // log changes only: a long outage must not flood the console
        if (problem != null && !failing) AgentLog.info("heartbeat to Kiln failed (" + problem + "); will keep trying");
        if (problem == null && failing) AgentLog.info("heartbeat to Kiln works again");
        failing = problem != null;
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
