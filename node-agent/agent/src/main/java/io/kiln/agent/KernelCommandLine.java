package io.kiln.agent;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** The {@code kiln.*} arguments Kiln rendered into the kernel command line (PROTOCOL.md, first table). */
record KernelCommandLine(Map<String, String> kilnArguments) {

    static KernelCommandLine read(Path file) throws IOException {
        return parse(Files.readString(file, StandardCharsets.UTF_8));
    }

    static KernelCommandLine parse(String text) {
        Map<String, String> args = new LinkedHashMap<>();
        for (String word : text.trim().split("\\s+")) {
            int eq = word.indexOf('=');
            // kiln.* values never hold spaces (URLs, hex, tokens), so plain whitespace splitting is enough
            if (word.startsWith("kiln.") && eq > 0) args.put(word.substring(0, eq), word.substring(eq + 1));
        }
        return new KernelCommandLine(args);
    }

    String get(String key) {
        String v = kilnArguments.get(key);
        return v == null || v.isEmpty() ? null : v;
    }
}
