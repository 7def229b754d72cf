package io.kiln.pki.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the real openssl(1) in a directory: what Kiln makes must satisfy the tool operators and nodes use. */
final class Openssl {
    /** Exit code and output (stdout and stderr together). */
    record Result(int code, String out) {
    }

    private final Path dir;

    Openssl(Path dir) {
        this.dir = dir;
    }

    Result run(String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add("openssl");
        cmd.addAll(List.of(args));
        try {
            Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("openssl did not finish: " + cmd);
            }
            return new Result(p.exitValue(), out);
        } catch (IOException e) {
            throw new AssertionError("cannot run openssl", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** Runs it and requires exit code 0. */
    String ok(String... args) {
        Result r = run(args);
        if (r.code() != 0) throw new AssertionError("openssl " + String.join(" ", args) + " failed (" + r.code() + "):\n" + r.out());
        return r.out();
    }
}
