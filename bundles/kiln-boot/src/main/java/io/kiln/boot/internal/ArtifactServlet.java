package io.kiln.boot.internal;

import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import io.kiln.config.ConfigFile;
import javax.servlet.Servlet;
import javax.servlet.ServletOutputStream;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.eclipse.jetty.server.HttpOutput;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletPattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * GET/HEAD of files for booting machines: /artifacts/&lt;path&gt; (kernels, initrds, images) and
 * /boot/loaders/&lt;file&gt; (loaders for UEFI HTTP boot), with Last-Modified, a size+mtime ETag and single byte
 * ranges (resumed downloads, {@code curl -r}); several ranges get the whole file. Conditional requests
 * (If-None-Match, If-Modified-Since) get 304.
 *
 * <p>Bodies go to Jetty as read-only mappings of the file ({@link MappedFiles}, Jetty's {@code HttpOutput.write(ByteBuffer)}):
 * one copy from the page cache to the socket, nothing read into Java buffers. bench/http measured it against the
 * 64 KiB read-and-write loop this replaced (bench/README.md). The loop remains for images whose URL slot Kiln fills
 * in per client, and for a servlet stream that is not Jetty's (a wrapping filter).
 */
// also on Kiln's HTTPS endpoint (kiln-onboarding): the images the node agent writes, and loaders for UEFI HTTPS boot
@Component(service = Servlet.class, property = {"kiln.https.prefix=/artifacts", "kiln.https.prefix=/boot/loaders"})
@HttpWhiteboardServletPattern({"/artifacts/*", "/boot/loaders/*"})
@HttpWhiteboardServletName("kiln-artifacts")
public class ArtifactServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(ArtifactServlet.class);

    static final int BUFFER_SIZE = 64 * 1024;
    /** Percent-encodings that could smuggle a traversal past the container's decoding: '.', '/', '\' and NUL. */
    private static final Pattern ENCODED_TRAVERSAL = Pattern.compile("%(2e|2f|5c|00)", Pattern.CASE_INSENSITIVE);

    /** Where the URL slots of boot images are ({@link UrlSlot}), found once per file version: by path. */
    private final transient Map<Path, SlotScan> slotScans = new ConcurrentHashMap<>();

    /** The slots of one version (size, mtime) of a file. */
    private record SlotScan(long size, long lastModifiedMillis, List<Long> slots) {
    }

    /** Optional (kiln-pki): signs what is served, for {@code <file>.sig}; its coming and going never restarts this servlet. */
    @Reference(cardinality = org.osgi.service.component.annotations.ReferenceCardinality.OPTIONAL,
            policy = org.osgi.service.component.annotations.ReferencePolicy.DYNAMIC,
            policyOption = org.osgi.service.component.annotations.ReferencePolicyOption.GREEDY)
    volatile transient io.kiln.api.pki.Pki pki;
    /** Signatures made, by file: one version (size, mtime) each, so a file is read for its signature once. */
    private final transient Map<Path, Signature> signatures = new ConcurrentHashMap<>();

    private record Signature(long size, long lastModifiedMillis, byte[] der) {
    }

    private final transient MappedFiles mapped = new MappedFiles();

    /** The directories served, as etc/io.kiln.artifacts.cfg says now (asked on every request). */
    private final transient Supplier<ArtifactConfiguration.Roots> roots;

    @Activate
    public ArtifactServlet(@Reference ArtifactConfiguration config) {
        this.roots = config::roots;
    }

    /** For tests: fixed directories. */
    ArtifactServlet(Path artifactsDir, Path loadersDir) {
        ArtifactConfiguration.Roots fixed = new ArtifactConfiguration.Roots(new ArtifactRoot(artifactsDir), new ArtifactRoot(loadersDir));
        this.roots = () -> fixed;
    }

    /** Expands ${name} from system properties (karaf.data defaults to "data"); unknown names stay as written. */
    static String expand(String value) {
        return ConfigFile.expand(value.trim());
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        serve(req, resp, true);
    }

    @Override
    protected void doHead(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        // HttpServlet's default HEAD would run doGet and read the whole file only to count it
        serve(req, resp, false);
    }

    private void serve(HttpServletRequest req, HttpServletResponse resp, boolean body) throws IOException {
        ArtifactConfiguration.Roots now = roots.get();
        ArtifactRoot root = switch (req.getServletPath()) {
            case "/artifacts" -> now.artifacts();
            case "/boot/loaders" -> now.loaders();
            default -> null;
        };
        String uri = req.getRequestURI();
        ArtifactRoot.Resolution r = root == null ? new ArtifactRoot.NotFound("no directory for " + req.getServletPath())
                : ENCODED_TRAVERSAL.matcher(uri).find() ? new ArtifactRoot.Denied("encoded '.', '/', '\\' or NUL in the URI")
                : root.resolve(req.getPathInfo());
        if (r instanceof ArtifactRoot.Found f) {
            send(req, resp, f, body);
            return;
        }
        String path = req.getPathInfo();
        if (r instanceof ArtifactRoot.NotFound && root != null && path != null && path.endsWith(".sig")
                && root.resolve(path.substring(0, path.length() - 4)) instanceof ArtifactRoot.Found signed) {
            signature(req, resp, signed, body);
            return;
        }
        if (r instanceof ArtifactRoot.Denied d) {
            LOG.warn("refused {} {} from {}: {}", req.getMethod(), uri, req.getRemoteAddr(), d.reason());
        } else if (LOG.isDebugEnabled()) {
            LOG.debug("{} {} from {}: not found ({})", req.getMethod(), uri, req.getRemoteAddr(), ((ArtifactRoot.NotFound) r).reason());
        }
        // refusals look like absences: no hint about what exists outside the directory
        text(resp, HttpServletResponse.SC_NOT_FOUND, "not found\n");
    }

    /**
     * {@code <file>.sig} when no such file exists: Kiln's detached CMS signature of the file (DER, the form iPXE's
     * imgverify reads), made by its code-signing certificate. Not for files Kiln rewrites as it serves them (URL slots).
     */
    private void signature(HttpServletRequest req, HttpServletResponse resp, ArtifactRoot.Found f, boolean body) throws IOException {
        io.kiln.api.pki.Pki signer = pki;
        if (signer == null) {
            text(resp, HttpServletResponse.SC_SERVICE_UNAVAILABLE, "Kiln's PKI is not running: no signatures (kiln:status says why)\n");
            return;
        }
        if (!slots(f).isEmpty()) {
            text(resp, HttpServletResponse.SC_NOT_FOUND, "not signed: Kiln fills in its URL as it serves this image, so its bytes differ per address\n");
            return;
        }
        Signature s = signatures.get(f.file());
        if (s == null || s.size() != f.size() || s.lastModifiedMillis() != f.lastModifiedMillis()) {
            try {
                s = new Signature(f.size(), f.lastModifiedMillis(), signer.signDetached(f.file()));
            } catch (io.kiln.api.KilnException e) {
                LOG.warn("cannot sign {} for {}: {}", f.file(), req.getRemoteAddr(), e.getMessage());
                text(resp, HttpServletResponse.SC_SERVICE_UNAVAILABLE, "cannot sign: " + e.getMessage() + "\n");
                return;
            }
            signatures.put(f.file(), s);
        }
        resp.setStatus(HttpServletResponse.SC_OK);
        resp.setContentType("application/pkcs7-signature");
        resp.setHeader("Cache-Control", "no-cache");
        resp.setContentLength(s.der().length);
        if (body) resp.getOutputStream().write(s.der());
    }

    private void send(HttpServletRequest req, HttpServletResponse resp, ArtifactRoot.Found f, boolean body) throws IOException {
        // a boot image with a URL slot gets Kiln's URL as this client reached it: its bytes (and ETag) depend on it
        List<Long> slots = slots(f);
        byte[] fill = null;
        String etag = "\"" + Long.toHexString(f.size()) + "-" + Long.toHexString(f.lastModifiedMillis()) + "\"";
        if (!slots.isEmpty()) {
            String url = IpxeScriptServlet.baseUrl(req);
            try {
                fill = UrlSlot.fill(url);
            } catch (IllegalArgumentException e) {
                LOG.warn("cannot serve {} to {}: {}", f.file(), req.getRemoteAddr(), e.getMessage());
                text(resp, HttpServletResponse.SC_INTERNAL_SERVER_ERROR, e.getMessage() + "\n");
                return;
            }
            etag = "\"" + Long.toHexString(f.size()) + "-" + Long.toHexString(f.lastModifiedMillis()) + "-"
                    + Integer.toHexString(url.hashCode()) + "\"";
        }
        resp.setHeader("ETag", etag);
        resp.setDateHeader("Last-Modified", f.lastModifiedMillis());
        if (notModified(req, etag, f.lastModifiedMillis())) {
            resp.setStatus(HttpServletResponse.SC_NOT_MODIFIED);
            return;
        }
        resp.setHeader("Accept-Ranges", "bytes");
        resp.setContentType("application/octet-stream");
        // RFC 7233: Range is for GET only; If-Range that no longer matches means "send it all"
        ByteRanges.Outcome range = body && ifRangeHolds(req, etag, f.lastModifiedMillis())
                ? ByteRanges.parse(req.getHeader("Range"), f.size()) : new ByteRanges.Full("HEAD or changed since If-Range");
        if (range instanceof ByteRanges.Unsatisfiable) {
            resp.setStatus(HttpServletResponse.SC_REQUESTED_RANGE_NOT_SATISFIABLE);
            resp.setHeader("Content-Range", "bytes */" + f.size());
            resp.setContentLength(0);
            return;
        }
        long first = 0;
        long length = f.size();
        if (range instanceof ByteRanges.Partial p) {
            first = p.first();
            length = p.length();
        }
        if (!body) {
            resp.setStatus(HttpServletResponse.SC_OK);
            resp.setContentLengthLong(length);
            return;
        }
        ServletOutputStream out = resp.getOutputStream();
        boolean jetty = fill == null && out instanceof HttpOutput;
        List<ByteBuffer> mappedBody = null;
        FileChannel ch = null;
        try {
            // opened before the status is set: a file gone since it was resolved is still a plain 404
            if (jetty) mappedBody = mapped.slices(f, first, length);
            else ch = FileChannel.open(f.file(), StandardOpenOption.READ);
        } catch (NoSuchFileException e) {
            resp.reset(); // no ETag or Last-Modified on the 404
            text(resp, HttpServletResponse.SC_NOT_FOUND, "not found\n"); // removed since it was resolved
            return;
        } catch (IOException e) {
            LOG.warn("cannot read {} for {}: {}", f.file(), req.getRemoteAddr(), e.toString());
            resp.reset();
            text(resp, HttpServletResponse.SC_INTERNAL_SERVER_ERROR, "cannot read the file\n");
            return;
        }
        if (range instanceof ByteRanges.Partial p) {
            resp.setStatus(HttpServletResponse.SC_PARTIAL_CONTENT);
            resp.setHeader("Content-Range", "bytes " + p.first() + "-" + p.last() + "/" + f.size());
        } else {
            resp.setStatus(HttpServletResponse.SC_OK);
        }
        resp.setContentLengthLong(length);
        try (FileChannel c = ch) {
            if (mappedBody != null) {
                // Jetty writes each buffer to the socket as it is (with the headers, in one gathering write)
                for (ByteBuffer b : mappedBody) ((HttpOutput) out).write(b);
            } else {
                copy(c, first, length, out, slots, fill);
            }
        } catch (UncheckedIOException e) {
            LOG.warn("reading {} for {} failed: {}", f.file(), req.getRemoteAddr(), e.getCause().toString());
        } catch (IOException e) {
            // the client went away (a cancelled boot, wrk closing): nothing to tell anyone
            LOG.debug("sending {} to {} ended early: {}", f.file(), req.getRemoteAddr(), e.toString());
        }
    }

    /**
     * Copies {@code length} bytes from {@code first}.
     *
     * @throws UncheckedIOException when reading the file fails (shrank, disk error)
     * @throws IOException          when writing to the client fails
     */
    static void copy(FileChannel ch, long first, long length, OutputStream out) throws IOException {
        copy(ch, first, length, out, List.of(), null);
    }

    /** As {@link #copy(FileChannel, long, long, OutputStream)}, with {@code fill} written over each URL slot. */
    static void copy(FileChannel ch, long first, long length, OutputStream out, List<Long> slots, byte[] fill) throws IOException {
        byte[] buf = new byte[(int) Math.min(BUFFER_SIZE, Math.max(1, length))];
        ByteBuffer bb = ByteBuffer.wrap(buf);
        long pos = first;
        long end = first + length;
        while (pos < end) {
            bb.clear().limit((int) Math.min(buf.length, end - pos));
            int n;
            try {
                n = ch.read(bb, pos);
                if (n < 0) throw new EOFException("file shrank while being sent");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            if (fill != null) UrlSlot.overlay(buf, n, pos, slots, fill);
            out.write(buf, 0, n);
            pos += n;
        }
    }

    /** The URL slots of an .iso file (scanned once per version of the file); none for anything else. */
    private List<Long> slots(ArtifactRoot.Found f) {
        if (!f.file().getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".iso")) return List.of();
        SlotScan known = slotScans.get(f.file());
        if (known != null && known.size() == f.size() && known.lastModifiedMillis() == f.lastModifiedMillis()) return known.slots();
        try (FileChannel ch = FileChannel.open(f.file(), StandardOpenOption.READ)) {
            List<Long> found = UrlSlot.find(ch);
            if (slotScans.size() > 64) slotScans.clear(); // a handful of images in practice; never grows without bound
            slotScans.put(f.file(), new SlotScan(f.size(), f.lastModifiedMillis(), found));
            return found;
        } catch (IOException e) {
            LOG.warn("cannot read {} to find its URL slot: {}", f.file(), e.toString());
            return List.of();
        }
    }

    /**
     * RFC 7232 for GET and HEAD: If-None-Match naming our ETag (or *) means "not modified"; without it,
     * If-Modified-Since at or after our Last-Modified (whole seconds) does.
     */
    static boolean notModified(HttpServletRequest req, String etag, long lastModifiedMillis) {
        String ifNoneMatch = req.getHeader("If-None-Match");
        if (ifNoneMatch != null) {
            for (String tag : ifNoneMatch.split(",")) {
                String t = tag.trim();
                if (t.equals("*")) return true;
                // weak comparison: W/"x" matches "x"
                if (t.startsWith("W/")) t = t.substring(2);
                if (t.equals(etag)) return true;
            }
            return false;
        }
        try {
            long since = req.getDateHeader("If-Modified-Since");
            return since >= 0 && lastModifiedMillis / 1000 * 1000 <= since;
        } catch (IllegalArgumentException e) {
            return false; // not a date: ignored, as RFC 7232 says
        }
    }

    /** If-Range: a strong ETag that matches, or exactly our Last-Modified; absent means "yes". */
    private static boolean ifRangeHolds(HttpServletRequest req, String etag, long lastModifiedMillis) {
        String ifRange = req.getHeader("If-Range");
        if (ifRange == null) return true;
        String v = ifRange.trim();
        if (v.startsWith("\"") || v.toUpperCase(Locale.ROOT).startsWith("W/")) return v.equals(etag);
        try {
            return req.getDateHeader("If-Range") == lastModifiedMillis / 1000 * 1000;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static void text(HttpServletResponse resp, int status, String text) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        resp.setStatus(status);
        resp.setContentType("text/plain;charset=utf-8");
        resp.setContentLength(bytes.length);
        resp.getOutputStream().write(bytes);
    }
}
