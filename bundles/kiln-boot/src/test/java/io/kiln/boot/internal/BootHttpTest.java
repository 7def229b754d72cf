package io.kiln.boot.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kiln.api.inventory.BootProfile;
import io.kiln.api.inventory.Host;
import io.kiln.api.inventory.InstallMethod;
import io.kiln.api.inventory.Instance;
import io.kiln.api.inventory.ProvisioningState;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.servlet.ServletContextHandler;
import org.eclipse.jetty.servlet.ServletHolder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The servlets in an embedded Jetty 9.4 (the version pax-web 8 runs), talked to with java.net.http and the real curl,
 * the way booting machines and operators do.
 */
class BootHttpTest {

    static final int SIZE = 5 * 1024 * 1024;
    static final String SECRET = "root:not-for-you";

    @TempDir
    static Path tmp;
    static Path artifacts;
    static byte[] image;
    static LoopbackJetty server;
    static String base;
    static final Timeline timeline = new Timeline();
    static final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws Exception {
        artifacts = Files.createDirectories(tmp.resolve("artifacts"));
        Path loaders = Files.createDirectories(tmp.resolve("loaders"));
        image = new byte[SIZE];
        new Random(42).nextBytes(image);
        Files.write(artifacts.resolve("image.bin"), image);
        Files.createDirectories(artifacts.resolve("microos"));
        Files.writeString(artifacts.resolve("microos/linux"), "kernel");
        Files.writeString(loaders.resolve("snponly.efi"), "MZ-loader");
        Files.writeString(tmp.resolve("secret.txt"), SECRET);
        Files.createSymbolicLink(artifacts.resolve("escape"), tmp.resolve("secret.txt"));

        MemoryInventory inventory = new MemoryInventory()
                .with(new BootProfile("microos", "microos/linux", List.of("microos/initrd", "http://mirror.example/extra.img"),
                        "console=ttyS0 kiln.host=${host} kiln.url=${kiln.url} ip=${net0/ip} site=${site}", ""))
                .with(new BootProfile("discovery", "discovery/linux", List.of(), "kiln.mac=${mac} kiln.url=${kiln.url}", ""))
                .with(new Host("edge-1", List.of("52:54:00:12:34:56"), null, "SN-1", "microos", null, null, Map.of("site", "shop-7")))
                .with(Host.of("ghost", List.of("52:54:00:00:00:07"), "vanished"))
                .with(new BootProfile("ubuntu", "ubuntu/linux", List.of("ubuntu/initrd"), "autoinstall", "", null, InstallMethod.AUTOINSTALL, null))
                .with(Host.of("waiting", List.of("52:54:00:00:00:08"), "ubuntu"))
                .with(Host.of("approved", List.of("52:54:00:00:00:09"), "ubuntu"))
                .with(new Instance("approved", "ubuntu", ProvisioningState.RUNNING, null));

        server = new LoopbackJetty();
        ServletContextHandler ctx = server.context;
        ServletHolder files = new ServletHolder("kiln-artifacts", new ArtifactServlet(artifacts, loaders));
        ctx.addServlet(files, "/artifacts/*");
        ctx.addServlet(files, "/boot/loaders/*");
        IpxeScriptServlet ipxe = new IpxeScriptServlet(inventory, Map.of());
        ipxe.timeline = timeline;
        ctx.addServlet(new ServletHolder("kiln-boot-ipxe", ipxe), "/boot/ipxe");
        // the same servlet under the "discover" policy, on a second path
        ctx.addServlet(new ServletHolder("discover", new IpxeScriptServlet(inventory, Map.of("unknownPolicy", "discover"))),
                "/discover/ipxe");
        server.start();
        base = server.base();
    }

    @AfterAll
    static void stop() throws Exception {
        server.stop();
    }

    static HttpResponse<byte[]> get(String path, String... headers) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path));
        if (headers.length > 0) b.headers(headers);
        return http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    static String text(String path) throws IOException, InterruptedException {
        HttpResponse<byte[]> r = get(path);
        assertEquals(200, r.statusCode(), () -> path + ": " + new String(r.body(), StandardCharsets.UTF_8));
        assertEquals("text/plain;charset=utf-8", r.headers().firstValue("Content-Type").orElseThrow().replace(" ", "").toLowerCase());
        assertEquals(r.body().length, Integer.parseInt(r.headers().firstValue("Content-Length").orElseThrow()));
        return new String(r.body(), StandardCharsets.UTF_8);
    }

    /** Runs curl (never a shell) and returns its stdout; fails the test if curl fails. */
    static String curl(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("/usr/bin/curl", "-sS"));
        cmd.addAll(Arrays.asList(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        byte[] out = p.getInputStream().readAllBytes();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "curl did not finish");
        String s = new String(out, StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), () -> "curl " + cmd + ": " + s);
        return s;
    }

    // ---- artifacts ----

    @Test
    void fullDownloadIsByteIdenticalWithTheRightHeaders() throws Exception {
        HttpResponse<byte[]> r = get("/artifacts/image.bin");
        assertEquals(200, r.statusCode());
        assertArrayEquals(image, r.body());
        assertEquals(String.valueOf(SIZE), r.headers().firstValue("Content-Length").orElseThrow());
        assertEquals("application/octet-stream", r.headers().firstValue("Content-Type").orElseThrow());
        assertEquals("bytes", r.headers().firstValue("Accept-Ranges").orElseThrow());
        assertTrue(r.headers().firstValue("Last-Modified").isPresent());
        String etag = r.headers().firstValue("ETag").orElseThrow();
        assertEquals("\"" + Long.toHexString(SIZE) + "-", etag.substring(0, etag.indexOf('-') + 1));
    }

    @Test
    void curlFullDownloadIsByteIdentical() throws Exception {
        Path out = tmp.resolve("curl-full.bin");
        assertEquals("200", curl("-o", out.toString(), "-w", "%{http_code}", base + "/artifacts/image.bin"));
        assertArrayEquals(image, Files.readAllBytes(out));
    }

    @Test
    void curlRangeReturnsExactlyThoseBytes() throws Exception {
        Path out = tmp.resolve("curl-range.bin");
        assertEquals("206", curl("-r", "1000-1999", "-o", out.toString(), "-w", "%{http_code}", base + "/artifacts/image.bin"));
        assertArrayEquals(Arrays.copyOfRange(image, 1000, 2000), Files.readAllBytes(out));
    }

    @Test
    void curlResumesAPartialDownload() throws Exception {
        Path partial = tmp.resolve("curl-resume.bin");
        Files.write(partial, Arrays.copyOf(image, 1_234_567));
        assertEquals("206", curl("-C", "-", "-o", partial.toString(), "-w", "%{http_code}", base + "/artifacts/image.bin"));
        assertArrayEquals(image, Files.readAllBytes(partial));
    }

    @Test
    void rangeHeadersGive206WithContentRange() throws Exception {
        HttpResponse<byte[]> suffix = get("/artifacts/image.bin", "Range", "bytes=-100");
        assertEquals(206, suffix.statusCode());
        assertEquals("bytes " + (SIZE - 100) + "-" + (SIZE - 1) + "/" + SIZE, suffix.headers().firstValue("Content-Range").orElseThrow());
        assertArrayEquals(Arrays.copyOfRange(image, SIZE - 100, SIZE), suffix.body());

        HttpResponse<byte[]> open = get("/artifacts/image.bin", "Range", "bytes=" + (SIZE - 10) + "-");
        assertEquals(206, open.statusCode());
        assertArrayEquals(Arrays.copyOfRange(image, SIZE - 10, SIZE), open.body());
    }

    @Test
    void unsatisfiableRangeIs416WithTheSize() throws Exception {
        HttpResponse<byte[]> r = get("/artifacts/image.bin", "Range", "bytes=" + SIZE + "-");
        assertEquals(416, r.statusCode());
        assertEquals("bytes */" + SIZE, r.headers().firstValue("Content-Range").orElseThrow());
        assertEquals(0, r.body().length);
    }

    @Test
    void multipleRangesGetTheWholeFile() throws Exception {
        HttpResponse<byte[]> r = get("/artifacts/image.bin", "Range", "bytes=0-9,20-29");
        assertEquals(200, r.statusCode());
        assertEquals(SIZE, r.body().length);
    }

    @Test
    void ifRangeWithAnotherEtagGetsTheWholeFileAndWithOursTheRange() throws Exception {
        String etag = get("/artifacts/microos/linux").headers().firstValue("ETag").orElseThrow();
        assertEquals(200, get("/artifacts/image.bin", "Range", "bytes=0-9", "If-Range", "\"other\"").statusCode());
        HttpResponse<byte[]> ours = get("/artifacts/microos/linux", "Range", "bytes=0-1", "If-Range", etag);
        assertEquals(206, ours.statusCode());
        assertEquals("ke", new String(ours.body(), StandardCharsets.US_ASCII));
    }

    @Test
    void ifNoneMatchWithOurEtagIs304WithoutABodyAndAnotherEtagGetsTheFile() throws Exception {
        HttpResponse<byte[]> full = get("/artifacts/image.bin");
        String etag = full.headers().firstValue("ETag").orElseThrow();
        HttpResponse<byte[]> same = get("/artifacts/image.bin", "If-None-Match", "\"other\", " + etag);
        assertEquals(304, same.statusCode());
        assertEquals(0, same.body().length);
        assertEquals(etag, same.headers().firstValue("ETag").orElseThrow());
        assertEquals(304, get("/artifacts/image.bin", "If-None-Match", "W/" + etag).statusCode());
        assertEquals(304, get("/artifacts/image.bin", "If-None-Match", "*").statusCode());
        HttpResponse<byte[]> other = get("/artifacts/image.bin", "If-None-Match", "\"other\"");
        assertEquals(200, other.statusCode());
        assertArrayEquals(image, other.body());
    }

    @Test
    void ifModifiedSinceAtOrAfterLastModifiedIs304AndBeforeGetsTheFile() throws Exception {
        String lastModified = get("/artifacts/microos/linux").headers().firstValue("Last-Modified").orElseThrow();
        assertEquals(304, get("/artifacts/microos/linux", "If-Modified-Since", lastModified).statusCode());
        HttpResponse<byte[]> older = get("/artifacts/microos/linux", "If-Modified-Since", "Thu, 01 Jan 2015 00:00:00 GMT");
        assertEquals(200, older.statusCode());
        assertEquals("kernel", new String(older.body(), StandardCharsets.US_ASCII));
        // If-None-Match decides when both are there (RFC 7232 6)
        assertEquals(200, get("/artifacts/microos/linux", "If-None-Match", "\"other\"", "If-Modified-Since", lastModified).statusCode());
        assertEquals(200, get("/artifacts/microos/linux", "If-Modified-Since", "not a date").statusCode());
    }

    @Test
    void headWithARangeGivesTheWholeLengthAndHeadHonoursIfNoneMatch() throws Exception {
        HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(URI.create(base + "/artifacts/image.bin")).header("Range", "bytes=0-9")
                .method("HEAD", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, r.statusCode());
        assertEquals(String.valueOf(SIZE), r.headers().firstValue("Content-Length").orElseThrow());
        String etag = r.headers().firstValue("ETag").orElseThrow();
        HttpResponse<byte[]> cached = http.send(HttpRequest.newBuilder(URI.create(base + "/artifacts/image.bin")).header("If-None-Match", etag)
                .method("HEAD", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(304, cached.statusCode());
    }

    @Test
    void aFileReplacedBetweenRequestsIsServedAsItIsNow() throws Exception {
        Path f = artifacts.resolve("replaced.bin");
        Files.writeString(f, "first version");
        assertEquals("first version", new String(get("/artifacts/replaced.bin").body(), StandardCharsets.US_ASCII));
        // a new file under the same name (a new inode, as cp to a temp name and mv does), with another size
        Path next = artifacts.resolve("replaced.bin.tmp");
        Files.writeString(next, "the second, longer version");
        Files.move(next, f, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        assertEquals("the second, longer version", new String(get("/artifacts/replaced.bin").body(), StandardCharsets.US_ASCII));
        // rewritten in place, same size: a different mtime is a new version too
        Files.writeString(f, "THE SECOND, LONGER VERSION");
        Files.setLastModifiedTime(f, java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() + 5000));
        assertEquals("THE SECOND, LONGER VERSION", new String(get("/artifacts/replaced.bin").body(), StandardCharsets.US_ASCII));
        Files.writeString(artifacts.resolve("empty.bin"), "");
        HttpResponse<byte[]> empty = get("/artifacts/empty.bin");
        assertEquals(200, empty.statusCode());
        assertEquals(0, empty.body().length);
    }

    @Test
    void headGivesTheHeadersWithoutTheBody() throws Exception {
        HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(URI.create(base + "/artifacts/image.bin"))
                .method("HEAD", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, r.statusCode());
        assertEquals(String.valueOf(SIZE), r.headers().firstValue("Content-Length").orElseThrow());
        assertEquals(0, r.body().length);
    }

    @Test
    void loadersAreServedFromTheirOwnDirectory() throws Exception {
        HttpResponse<byte[]> r = get("/boot/loaders/snponly.efi");
        assertEquals(200, r.statusCode());
        assertEquals("MZ-loader", new String(r.body(), StandardCharsets.US_ASCII));
        assertEquals(404, get("/artifacts/snponly.efi").statusCode());
        assertEquals(404, get("/boot/loaders/image.bin").statusCode());
    }

    @ParameterizedTest
    @ValueSource(strings = {"/artifacts/../secret.txt", "/artifacts/%2e%2e/secret.txt", "/artifacts/microos/..%2f..%2fsecret.txt",
            "/artifacts/%2E%2E%2Fsecret.txt", "/artifacts/..%5csecret.txt", "/boot/loaders/../../secret.txt",
            "/artifacts/escape", "/artifacts/microos", "/artifacts/", "/artifacts/image.bin%00.txt"})
    void traversalSymlinksAndDirectoriesAreRefused(String path) throws Exception {
        // --path-as-is: send the dots as written instead of letting curl squash them
        String out = curl("--path-as-is", "-w", "\n%{http_code}", base + path);
        String status = out.substring(out.lastIndexOf('\n') + 1);
        assertTrue(status.equals("404") || status.equals("400"), () -> path + " -> " + out);
        assertFalse(out.contains(SECRET), () -> path + " leaked the secret");
    }

    @Test
    void symlinkEscapeIsANotFoundFromOurServlet() throws Exception {
        HttpResponse<byte[]> r = get("/artifacts/escape");
        assertEquals(404, r.statusCode());
        assertEquals("not found\n", new String(r.body(), StandardCharsets.UTF_8));
    }

    // ---- iPXE scripts ----

    @Test
    void knownHostGetsItsProfileWithTheCommandLineRendered() throws Exception {
        String s = text("/boot/ipxe?mac=52:54:00:12:34:56&uuid=&serial=&arch=x86_64");
        assertTrue(s.startsWith("#!ipxe\n# Kiln: host 'edge-1', profile 'microos', generated "), s);
        assertTrue(s.contains("\nkernel " + base + "/artifacts/microos/linux console=ttyS0 kiln.host=edge-1 kiln.url=" + base
                + " ip=${net0/ip} site=shop-7\n"), s);
        assertTrue(s.contains("\ninitrd " + base + "/artifacts/microos/initrd\ninitrd http://mirror.example/extra.img\nboot\n"), s);
        assertTrue(s.endsWith("boot\n"), s);
    }

    @Test
    void serialIdentifiesAHostWhenTheMacIsNew() throws Exception {
        String s = text("/boot/ipxe?mac=52:54:00:aa:aa:aa&serial=SN-1");
        assertTrue(s.contains("kiln.host=edge-1"), s);
    }

    @Test
    void unknownMachineUnderIgnoreGetsAnExitScript() throws Exception {
        assertEquals("#!ipxe\necho Kiln: unknown machine 52:54:00:99:99:99; policy ignore\nexit\n",
                text("/boot/ipxe?mac=52-54-00-99-99-99"));
    }

    @Test
    void unknownMachineUnderDiscoverGetsTheDiscoveryProfile() throws Exception {
        String s = text("/discover/ipxe?mac=52:54:00:99:99:99");
        assertTrue(s.contains("\nkernel " + base + "/artifacts/discovery/linux kiln.mac=52:54:00:99:99:99 kiln.url=" + base + "\n"), s);
    }

    @Test
    void noIdentityGetsTheChainScriptToTheAddressTheClientUsed() throws Exception {
        assertEquals("#!ipxe\nchain " + base + "/boot/ipxe?mac=${net0/mac}&uuid=${uuid}&serial=${serial:uristring}&arch=${buildarch}\n",
                text("/boot/ipxe"));
    }

    @Test
    void emptyIdentityDoesNotChainAgain() throws Exception {
        String s = text("/boot/ipxe?mac=&uuid=&serial=&arch=x86_64");
        assertTrue(s.startsWith("#!ipxe\necho Kiln: ") && s.endsWith("\nexit\n"), s);
    }

    @Test
    void anInstallerIsBootedOnlyWithAnInstanceWantedRunning() throws Exception {
        assertEquals("#!ipxe\necho Kiln: host 'waiting' has no instance (non-ZTP: waits for an operator): installer profile 'ubuntu'"
                + " (autoinstall) withheld until kiln:instance-add --profile ubuntu waiting\nexit\n", text("/boot/ipxe?mac=52:54:00:00:00:08"));
        String approved = text("/boot/ipxe?mac=52:54:00:00:00:09");
        assertTrue(approved.contains("kernel " + base + "/artifacts/ubuntu/linux"), approved);
    }

    @Test
    void missingProfileIsSaidPlainly() throws Exception {
        assertEquals("#!ipxe\necho Kiln: boot profile 'vanished' does not exist (host 'ghost')\nexit\n",
                text("/boot/ipxe?mac=52:54:00:00:00:07"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"mac=zz", "mac=${net0/mac}", "uuid=1234", "arch=x86%2064", "mac=52:54:00:12:34:56&serial=a%0Aboot"})
    void malformedParametersAre400WithOneLine(String query) throws Exception {
        HttpResponse<byte[]> r = get("/boot/ipxe?" + query.replace("${", "%24%7B").replace("}", "%7D"));
        assertEquals(400, r.statusCode());
        String body = new String(r.body(), StandardCharsets.UTF_8);
        assertTrue(body.startsWith("bad request: ") && body.indexOf('\n') == body.length() - 1, body);
    }

    @Test
    void theScriptServedToAKnownHostGoesIntoItsTimeline() throws Exception {
        text("/boot/ipxe?mac=52:54:00:12:34:56&arch=x86_64");
        text("/boot/ipxe?mac=52:54:00:99:99:99");
        text("/boot/ipxe?mac=52:54:00:00:00:08");
        List<String> edge1 = timeline.of("edge-1");
        assertTrue(edge1.get(edge1.size() - 1).matches("edge-1 ipxe-script boot, profile microos, to 127\\.0\\.0\\.1 \\(52:54:00:12:34:56, x86_64\\)"),
                edge1.toString());
        List<String> waiting = timeline.of("waiting");
        assertTrue(waiting.get(waiting.size() - 1).startsWith("waiting ipxe-script no go-ahead to install: exit, profile ubuntu, to "), waiting.toString());
        assertTrue(timeline.lines.stream().noneMatch(l -> l.contains("52:54:00:99:99:99")), "an unknown machine is no host's: " + timeline.lines);
    }
}
