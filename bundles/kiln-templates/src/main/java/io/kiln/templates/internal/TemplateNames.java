package io.kiln.templates.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** The built-in templates, their content types, and what a template name may look like. */
final class TemplateNames {

    static final String TEXT = "text/plain; charset=utf-8";
    static final String CLOUD_CONFIG = "text/cloud-config; charset=utf-8";
    static final String YAML = "application/yaml; charset=utf-8";

    /** Built-in templates (under src/main/resources/templates/) and the Content-Type each is served with. */
    static final Map<String, String> BUILT_IN = Map.of(
            "cloud-init/meta-data", YAML,
            "cloud-init/user-data", CLOUD_CONFIG,
            "cloud-init/network-config", YAML,
            "autoinstall/user-data", CLOUD_CONFIG,
            "kickstart/ks.cfg", TEXT,
            "preseed/preseed.cfg", TEXT,
            "ipxe/boot.ipxe", TEXT);

    /** Slash-separated segments of letters, digits, '.', '_', '-', none starting with '.' (no "..", no hidden files). */
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-][A-Za-z0-9._-]*(/[A-Za-z0-9_-][A-Za-z0-9._-]*)*");

    private TemplateNames() {
    }

    static boolean valid(String name) {
        return name != null && name.length() <= 200 && NAME.matcher(name).matches();
    }

    /** Built-in names keep their type; an operator's own template is YAML by extension, else plain text. */
    static String contentType(String name) {
        String t = BUILT_IN.get(name);
        if (t != null) return t;
        if (name.endsWith("/user-data")) return CLOUD_CONFIG;
        if (name.endsWith(".yaml") || name.endsWith(".yml") || name.endsWith("/meta-data") || name.endsWith("/network-config")) return YAML;
        return TEXT;
    }

    /** Built-in names plus the valid names of the regular files under {@code dir} (a missing dir adds none), sorted. */
    static List<String> list(Path dir) {
        TreeSet<String> names = new TreeSet<>(BUILT_IN.keySet());
        if (dir != null && Files.isDirectory(dir)) {
            try (Stream<Path> files = Files.walk(dir)) {
                files.filter(Files::isRegularFile)
                        .map(p -> dir.relativize(p).toString().replace('\\', '/'))
                        .filter(TemplateNames::valid)
                        .forEach(names::add);
            } catch (IOException | UncheckedIOException e) {
                // a directory that cannot be read lists the built-in templates only; render() reports the real error
            }
        }
        return List.copyOf(names);
    }
}
