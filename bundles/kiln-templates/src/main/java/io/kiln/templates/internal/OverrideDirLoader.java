package io.kiln.templates.internal;

import freemarker.cache.TemplateLoader;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Templates from the operator's directory, looked up on every cache miss, so the directory may appear, gain and
 * lose files while Kiln runs. Only names that {@link TemplateNames#valid} accepts reach it, and a name never
 * resolves outside the directory.
 */
final class OverrideDirLoader implements TemplateLoader {
    private final Path dir;

    OverrideDirLoader(Path dir) {
        this.dir = dir.toAbsolutePath().normalize();
    }

    Path dir() {
        return dir;
    }

    @Override
    public Object findTemplateSource(String name) {
        if (!TemplateNames.valid(name)) return null;
        Path p = dir.resolve(name).normalize();
        return p.startsWith(dir) && Files.isRegularFile(p) ? p : null;
    }

    @Override
    public long getLastModified(Object source) {
        try {
            return Files.getLastModifiedTime((Path) source).toMillis();
        } catch (IOException e) {
            return -1;
        }
    }

    @Override
    public Reader getReader(Object source, String encoding) throws IOException {
        return Files.newBufferedReader((Path) source, StandardCharsets.UTF_8);
    }

    @Override
    public void closeTemplateSource(Object source) {
        // nothing held open between calls
    }
}
