package io.kiln.agent;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Asks Kiln for the next action, runs it, reports progress and the result, until {@code done}
 * (PROTOCOL.md sections 2 and 3). Actions run one at a time, in order.
 */
final class ActionLoop {
    private static final int RESULT_ATTEMPTS = 10;

    private final KilnHttp http;
    private final String agentUrl;
    private final AgentSettings settings;
    private final Map<String, Action> actions;
    private final Rebooter rebooter;
    private final Sleeper sleeper;
    /**
     * The id of the last action (not a wait) Kiln handed this process, sent with every {@code next}: an action
     * Kiln recorded as handed out but this agent never received (the answer was lost) is then handed out again
     * instead of being taken for one that may have run. Null until the first, so a restarted agent says nothing.
     */
    private String received;

    ActionLoop(KilnHttp http, String agentUrl, AgentSettings settings, Map<String, Action> actions, Rebooter rebooter, Sleeper sleeper) {
        this.http = http;
        this.agentUrl = agentUrl;
        this.settings = settings;
        this.actions = actions;
        this.rebooter = rebooter;
        this.sleeper = sleeper;
    }

    /** Returns when Kiln says {@code done}. */
    void run() throws InterruptedException {
        while (true) {
            Map<String, Object> action = next();
            String id = Json.string(action, "id");
            String type = String.valueOf(Json.string(action, "type"));
            if (id != null && !type.equals("wait")) received = id;
            switch (type) {
                case "done" -> {
                    AgentLog.info("Kiln says there is nothing more to do (action " + id + ")");
                    return;
                }
                case "wait" -> {
                    long seconds = Math.max(0, Json.number(action, "seconds", 5));
                    AgentLog.info("nothing to do now; asking again in " + seconds + " s");
                    sleeper.sleep(seconds * 1000);
                }
                case "reboot" -> {
                    AgentLog.info("action " + id + ": reboot");
                    report(id, ActionResult.ok("rebooting", Map.of()));
                    try {
                        rebooter.reboot();
                    } catch (Exception e) {
                        AgentLog.info("could not reboot: " + e.getMessage() + "; asking Kiln what next");
                    }
                }
                default -> runAction(id, type, action);
            }
        }
    }

    private void runAction(String id, String type, Map<String, Object> action) throws InterruptedException {
        AgentLog.info("action " + id + ": " + type);
        ActionResult result;
        try (ProgressReporter progress = new ProgressReporter(http, agentUrl + "/actions/" + id + "/progress", settings.progressMillis)) {
            Action a = actions.get(type);
            if (a == null) {
                result = ActionResult.failed("this agent does not know the action type '" + type + "' (it knows wait, image, files, script, wipe, reboot, done)");
            } else {
                try {
                    result = a.run(action, progress);
                } catch (RuntimeException e) {
                    result = ActionResult.failed("the agent failed while running the " + type + " action: " + e);
                }
            }
            progress.update(result.ok() ? 100 : -1, result.message());
        }
        AgentLog.info("action " + id + " " + (result.ok() ? "succeeded" : "FAILED") + ": " + result.message());
        report(id, result);
    }

    private Map<String, Object> next() throws InterruptedException {
        String url = agentUrl + "/next" + (received == null ? "" : "?received=" + java.net.URLEncoder.encode(received, java.nio.charset.StandardCharsets.UTF_8));
        while (true) {
            try {
                KilnReply r = http.get(url);
                if (r.status() == 200) return r.body();
                refusedForGood(r, url);
                AgentLog.info("Kiln answered " + url + " with HTTP " + r.status() + " (" + r.problem() + "); asking again in " + settings.retryMillis / 1000 + " s");
            } catch (IOException e) {
                AgentLog.info("cannot ask Kiln for the next action at " + url + ": " + KilnHttp.describe(e) + "; asking again in " + settings.retryMillis / 1000 + " s");
            }
            sleeper.sleep(settings.retryMillis);
        }
    }

    private void report(String id, ActionResult result) throws InterruptedException {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("ok", result.ok());
        body.put("message", result.message());
        body.put("details", result.details());
        String url = agentUrl + "/actions/" + id + "/result";
        for (int attempt = 1; attempt <= RESULT_ATTEMPTS; attempt++) {
            try {
                KilnReply r = http.post(url, body);
                if (r.status() / 100 == 2) return;
                refusedForGood(r, url);
                AgentLog.info("Kiln did not take the result of action " + id + " (HTTP " + r.status() + ": " + r.problem() + ")");
            } catch (IOException e) {
                AgentLog.info("cannot send the result of action " + id + ": " + KilnHttp.describe(e));
            }
            sleeper.sleep(settings.retryMillis);
        }
        AgentLog.info("gave up sending the result of action " + id + " after " + RESULT_ATTEMPTS + " attempts; asking Kiln what next");
    }

    /** 401/403 on the agent API: the certificate or token is not (or no longer) accepted; retrying cannot help. */
    private static void refusedForGood(KilnReply r, String url) {
        if (r.status() == 401 || r.status() == 403) {
            throw new AgentFailure(ExitCode.REFUSED, "Kiln refuses this agent's credentials at " + url + " (HTTP " + r.status() + "): " + r.problem());
        }
    }
}
