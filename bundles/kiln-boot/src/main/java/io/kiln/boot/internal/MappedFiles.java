package io.kiln.boot.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Read-only memory mappings of the files served, one per file version (size, mtime), kept while the version lasts.
 * Jetty writes a mapped buffer straight to the socket: one copy, page cache to socket, with no read into a Java
 * buffer and no heap or direct memory used (Jetty 9.4 has no sendfile; this is what its own resource service does
 * with {@code useFileMappedBuffer}). The pages are the page cache's, shared with every other reader of the file.
 *
 * <p>A file replaced by a new one (a rename, a new inode) keeps its old mapping valid until the next request sees
 * the new size or mtime. A file truncated in place while it is sent makes that one response fail, as a read would.
 */
final class MappedFiles {
    /** One mapping is at most this long (a Java buffer holds up to 2 GiB); larger files take several. */
    static final long WINDOW = 1L << 30;
    /** Files mapped at once; past that the mappings are dropped and made again as asked (the GC unmaps them). */
    private static final int MAX_FILES = 4096;

    private record Mapping(long size, long lastModifiedMillis, ByteBuffer[] windows) {
    }

    private final long window;
    private final Map<Path, Mapping> mappings = new ConcurrentHashMap<>();

    MappedFiles() {
        this(WINDOW);
    }

    /** For tests: a small window, to cross window boundaries with small files. */
    MappedFiles(long window) {
        this.window = window;
    }

    /**
     * The bytes {@code [first, first + length)} of the file as read-only buffers, in order (more than one only when
     * the range crosses a window boundary). Each call returns new buffers over the shared mapping.
     *
     * @throws IOException when the file cannot be opened or mapped (gone, or shorter than {@code f.size()} now)
     */
    List<ByteBuffer> slices(ArtifactRoot.Found f, long first, long length) throws IOException {
        Mapping m = mappings.get(f.file());
        if (m == null || m.size() != f.size() || m.lastModifiedMillis() != f.lastModifiedMillis()) {
            m = map(f);
            if (mappings.size() >= MAX_FILES) mappings.clear();
            mappings.put(f.file(), m);
        }
        List<ByteBuffer> out = new ArrayList<>(1);
        long pos = first;
        long end = first + length;
        while (pos < end) {
            ByteBuffer w = m.windows()[(int) (pos / window)];
            int offset = (int) (pos % window);
            int n = (int) Math.min(w.capacity() - offset, end - pos);
            out.add(w.slice(offset, n));
            pos += n;
        }
        return out;
    }

    private Mapping map(ArtifactRoot.Found f) throws IOException {
        int count = (int) ((f.size() + window - 1) / window);
        ByteBuffer[] windows = new ByteBuffer[count];
        try (FileChannel ch = FileChannel.open(f.file(), StandardOpenOption.READ)) {
            for (int i = 0; i < count; i++) {
                long at = i * window;
                // read-only: a file now shorter than its size says is an IOException here, never a mapping past its end
                windows[i] = ch.map(FileChannel.MapMode.READ_ONLY, at, Math.min(window, f.size() - at));
            }
        }
        return new Mapping(f.size(), f.lastModifiedMillis(), windows);
    }
}
