package io.kiln.templates.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Shell checks for rendered commands: syntax by the real /bin/sh (-n: read, never run), and word splitting. */
final class Shell {
    private Shell() {
    }

    /** {@code sh -n -c script} must accept it: the quoting Kiln produced is valid shell. */
    static void assertSyntax(String script) {
        try {
            Process p = new ProcessBuilder("/bin/sh", "-n", "-c", script).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(10, TimeUnit.SECONDS)) p.destroyForcibly();
            assertEquals(0, p.exitValue(), "sh -n rejects:\n" + script + "\n" + out);
        } catch (IOException e) {
            throw new AssertionError("cannot run /bin/sh", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** POSIX word splitting with '...', "..." and backslash; unquoted ';', '&' and '|' are words of their own. */
    static List<String> words(String line) {
        List<String> out = new ArrayList<>();
        StringBuilder w = new StringBuilder();
        boolean inWord = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '\'') {
                int end = line.indexOf('\'', i + 1);
                if (end < 0) throw new IllegalArgumentException("unterminated ' in " + line);
                w.append(line, i + 1, end);
                i = end;
                inWord = true;
            } else if (c == '"') {
                for (i++; i < line.length() && line.charAt(i) != '"'; i++) {
                    char d = line.charAt(i);
                    if (d == '\\' && i + 1 < line.length() && "$`\"\\\n".indexOf(line.charAt(i + 1)) >= 0) d = line.charAt(++i);
                    w.append(d);
                }
                if (i >= line.length()) throw new IllegalArgumentException("unterminated \" in " + line);
                inWord = true;
            } else if (c == '\\' && i + 1 < line.length()) {
                w.append(line.charAt(++i));
                inWord = true;
            } else if (Character.isWhitespace(c) || c == ';' || c == '&' || c == '|') {
                if (inWord) out.add(w.toString());
                w.setLength(0);
                inWord = false;
                if (!Character.isWhitespace(c)) out.add(String.valueOf(c));
            } else {
                w.append(c);
                inWord = true;
            }
        }
        if (inWord) out.add(w.toString());
        return out;
    }
}
