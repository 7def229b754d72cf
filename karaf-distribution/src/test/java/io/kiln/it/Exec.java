package io.kiln.it;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs a command to completion with a time limit and returns its exit code and combined output. */
final class Exec {
    /** Outcome of a command. */
    record Result(int code, String out) {
        boolean ok() {
            return code == 0;
        }
    }

    private Exec() {
    }

    static Result run(int timeoutSeconds, String... cmd) {
        return run(timeoutSeconds, null, List.of(cmd));
    }

    static Result run(int timeoutSeconds, Path dir, List<String> cmd) {
        try {
            ProcessBuilder pb = new ProcessBuilder(new ArrayList<>(cmd)).redirectErrorStream(true);
            if (dir != null) pb.directory(dir.toFile());
            Process p = pb.start();
            p.getOutputStream().close();
            byte[][] out = new byte[1][];
            Thread reader = new Thread(() -> {
                try {
                    out[0] = p.getInputStream().readAllBytes();
                } catch (IOException e) {
                    out[0] = new byte[0];
                }
            });
            reader.start();
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                p.waitFor(5, TimeUnit.SECONDS);
                reader.join(2000);
                return new Result(-1, "TIMEOUT after " + timeoutSeconds + " s: " + String.join(" ", cmd) + "\n"
                        + (out[0] == null ? "" : new String(out[0], StandardCharsets.UTF_8)));
            }
            reader.join(5000);
            return new Result(p.exitValue(), out[0] == null ? "" : new String(out[0], StandardCharsets.UTF_8));
        } catch (IOException e) {
            return new Result(-2, "cannot run " + cmd + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Result(-3, "interrupted");
        }
    }

    static Result must(int timeoutSeconds, String... cmd) {
        Result r = run(timeoutSeconds, cmd);
        if (!r.ok()) throw new IllegalStateException(String.join(" ", cmd) + " -> exit " + r.code() + "\n" + r.out());
        return r;
    }
}
