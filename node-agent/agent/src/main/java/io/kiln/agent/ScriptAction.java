package io.kiln.agent;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** {@code script}: {@code /bin/sh -c} in the micro-OS with a timeout; its output lines go to the action's log. */
final class ScriptAction implements Action {
    private static final long DEFAULT_TIMEOUT_SECONDS = 300;

    @Override
    public ActionResult run(Map<String, Object> action, ProgressReporter progress) throws InterruptedException {
        String script = Json.string(action, "script");
        if (script == null) return ActionResult.failed("the script action has no script");
        long timeout = Json.number(action, "timeoutSeconds", DEFAULT_TIMEOUT_SECONDS);
        Process p;
        try {
            p = new ProcessBuilder("/bin/sh", "-c", script).redirectErrorStream(true).start();
            p.getOutputStream().close();
        } catch (IOException e) {
            return ActionResult.failed("cannot start /bin/sh: " + e.getMessage());
        }
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) progress.log(line);
            } catch (IOException e) {
                // the process was killed: its output ends here
            }
        }, "kiln-script-output");
        reader.setDaemon(true);
        reader.start();
        if (!p.waitFor(timeout, TimeUnit.SECONDS)) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            reader.join(2000);
            return ActionResult.failed("the script did not finish within " + timeout + " s and was killed");
        }
        reader.join(5000);
        int status = p.exitValue();
        return status == 0
                ? ActionResult.ok("the script exited with status 0", Map.of("exitStatus", "0"))
                : new ActionResult(false, "the script failed with exit status " + status, Map.of("exitStatus", Integer.toString(status)));
    }
}
