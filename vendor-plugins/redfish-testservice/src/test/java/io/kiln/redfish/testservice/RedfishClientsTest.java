package io.kiln.redfish.testservice;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Debian's Redfish clients against the service, so it is known to behave like a BMC to clients written for real ones:
 * DMTF's {@code redfishtool} and OpenStack's {@code python3-sushy} (the library Ironic drives BMCs with), run with
 * Debian's /usr/bin/python3. A missing tool skips the test, except on CI (env CI=true) where it fails.
 */
class RedfishClientsTest {

    static final Path REDFISHTOOL = Path.of("/usr/bin/redfishtool");
    static final Path PYTHON = Path.of("/usr/bin/python3");

    @TempDir
    Path tmp;
    HttpServer files;
    List<String> served = new CopyOnWriteArrayList<>();
    final List<RedfishTestService> services = new ArrayList<>();

    /** What a tool printed and how it ended. */
    record Run(int exit, String out, String err) {
        @Override
        public String toString() {
            return "exit " + exit + "\nstdout:\n" + out + "\nstderr:\n" + err;
        }
    }

    @BeforeEach
    void imageServer() throws IOException {
        files = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        files.createContext("/", ex -> {
            served.add(ex.getRequestMethod() + " " + ex.getRequestURI().getPath());
            byte[] image = "firmware image\n".repeat(100).getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(200, image.length);
            ex.getResponseBody().write(image);
            ex.close();
        });
        files.start();
    }

    @AfterEach
    void stop() {
        services.forEach(RedfishTestService::close);
        files.stop(0);
    }

    RedfishTestService start(RedfishTestService.Builder b) {
        RedfishTestService s = b.mockup(Mockup.dir()).credentials("admin", "secret").build().start();
        services.add(s);
        return s;
    }

    static void requireTool(boolean present, String what) {
        if (present) {
            return;
        }
        String message = what + " is not installed (apt-get install redfishtool python3-sushy; .ci/run does)";
        if ("true".equals(System.getenv("CI"))) {
            fail(message);
        }
        Assumptions.abort(message);
    }

    Run run(List<String> command) throws Exception {
        Path out = Files.createTempFile(tmp, "out", ".txt");
        Path err = Files.createTempFile(tmp, "err", ".txt");
        ProcessBuilder pb = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
        for (String proxy : List.of("http_proxy", "https_proxy", "HTTP_PROXY", "HTTPS_PROXY", "all_proxy", "ALL_PROXY")) {
            pb.environment().remove(proxy);
        }
        pb.environment().put("NO_PROXY", "127.0.0.1,localhost");
        // python requests lets these override the verify= a client (sushy) sets on its session: the pinned
        // certificate would be ignored for the system's CA bundle
        pb.environment().remove("REQUESTS_CA_BUNDLE");
        pb.environment().remove("CURL_CA_BUNDLE");
        Process p = pb.start();
        if (!p.waitFor(180, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail("timed out: " + command);
        }
        return new Run(p.exitValue(), Files.readString(out), Files.readString(err));
    }

    // ---------------------------------------------------------------- redfishtool

    Run redfishtool(RedfishTestService bmc, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(REDFISHTOOL.toString(), "-r", "127.0.0.1:" + bmc.port(),
                "-u", "admin", "-p", "secret", "-n"));
        cmd.addAll(List.of(args));
        return run(cmd);
    }

    @Test
    void redfishtoolReadsResetsAndSetsTheBootOverride() throws Exception {
        requireTool(Files.isExecutable(REDFISHTOOL), "redfishtool");
        RedfishTestService bmc = start(RedfishTestService.builder());

        Run systems = redfishtool(bmc, "-S", "Never", "Systems");
        assertEquals(0, systems.exit(), systems.toString());
        assertTrue(systems.out().contains("/redfish/v1/Systems/437XR1138R2"), systems.toString());
        assertTrue(bmc.requests().stream().anyMatch(r -> r.path().equals("/redfish/v1/Systems")
                && r.status() == 200 && r.auth() == RecordedRequest.Auth.BASIC), "Basic by default");

        Run off = redfishtool(bmc, "-S", "Never", "-A", "Session", "Systems", "-I", "437XR1138R2", "reset", "ForceOff");
        assertEquals(0, off.exit(), off.toString());
        assertEquals("Off", bmc.powerState());
        assertTrue(bmc.requests().stream().anyMatch(r -> r.method().equals("POST")
                && r.path().equals("/redfish/v1/SessionService/Sessions") && r.status() == 201));
        assertTrue(bmc.requests().stream().anyMatch(r -> r.path().endsWith("/ComputerSystem.Reset")
                && r.status() == 204 && r.auth() == RecordedRequest.Auth.SESSION), "the reset used the session");
        assertTrue(bmc.requests().stream().anyMatch(r -> r.method().equals("DELETE")
                && r.path().startsWith("/redfish/v1/SessionService/Sessions/") && r.status() == 204), "logged out");

        Run state = redfishtool(bmc, "-S", "Never", "Systems", "-I", "437XR1138R2", "-P", "PowerState");
        assertEquals("Off", Client.JSON.readTree(state.out()).path("PowerState").asText(), state.toString());

        Run boot = redfishtool(bmc, "-S", "Never", "Systems", "-I", "437XR1138R2", "setBootOverride", "Once", "Pxe");
        assertEquals(0, boot.exit(), boot.toString());
        assertEquals("Pxe", bmc.bootOverride().target());
        assertEquals("Once", bmc.bootOverride().enabled());
        RecordedRequest patch = bmc.requests().stream().filter(r -> r.method().equals("PATCH")).findFirst()
                .orElseThrow();
        assertEquals(200, patch.status());
        assertNotNull(patch.ifMatch(), "redfishtool sends the ETag it read");

        Run on = redfishtool(bmc, "-S", "Never", "Systems", "-I", "437XR1138R2", "reset", "On");
        assertEquals(0, on.exit(), on.toString());
        assertEquals("On", bmc.powerState());

        Run bios = redfishtool(bmc, "-S", "Never", "raw", "GET", "/redfish/v1/UpdateService/FirmwareInventory/BIOS");
        assertEquals(0, bios.exit(), bios.toString());
        assertEquals("P79 v1.45", Client.JSON.readTree(bios.out()).path("Version").asText());
    }

    @Test
    void redfishtoolMeetsTheFaults() throws Exception {
        requireTool(Files.isExecutable(REDFISHTOOL), "redfishtool");
        RedfishTestService bmc = start(RedfishTestService.builder());

        Run wrong = run(List.of(REDFISHTOOL.toString(), "-r", "127.0.0.1:" + bmc.port(), "-u", "admin", "-p", "nope",
                "-n", "-S", "Never", "Systems"));
        assertNotEquals(0, wrong.exit(), wrong.toString());
        assertTrue(bmc.requests().stream().anyMatch(r -> r.status() == 401));

        bmc.faults().weakEtags(true);
        Run weak = redfishtool(bmc, "-S", "Never", "Systems", "-I", "437XR1138R2", "setBootOverride", "Continuous",
                "Hdd");
        assertNotEquals(0, weak.exit(), "redfishtool sends the weak ETag back and gets 412: " + weak);
        assertEquals("None", bmc.bootOverride().target());
        RecordedRequest refused = bmc.requests().stream().filter(r -> r.method().equals("PATCH")).findFirst()
                .orElseThrow();
        assertEquals(412, refused.status());
        assertTrue(refused.ifMatch().startsWith("W/"), refused.ifMatch());

        bmc.faults().weakEtags(false).refuseResetTypes("ForceOff");
        Run reset = redfishtool(bmc, "-S", "Never", "Systems", "-I", "437XR1138R2", "reset", "ForceOff");
        assertNotEquals(0, reset.exit(), reset.toString());
        assertEquals("On", bmc.powerState());
    }

    @Test
    void redfishtoolOverTls() throws Exception {
        requireTool(Files.isExecutable(REDFISHTOOL), "redfishtool");
        RedfishTestService bmc = start(RedfishTestService.builder().tls(true));
        Run state = redfishtool(bmc, "-S", "Always", "Systems", "-I", "437XR1138R2", "-P", "PowerState");
        assertEquals(0, state.exit(), state.toString());
        assertEquals("On", Client.JSON.readTree(state.out()).path("PowerState").asText(), state.toString());
    }

    // ---------------------------------------------------------------- python3-sushy

    Map<String, JsonNode> sushy(RedfishTestService bmc, String verify) throws Exception {
        requireTool(Files.isExecutable(PYTHON)
                && run(List.of(PYTHON.toString(), "-c", "import sushy")).exit() == 0, "python3-sushy");
        String script = System.getProperty("kiln.redfish.clientScript");
        assertNotNull(script, "surefire sets -Dkiln.redfish.clientScript");
        Run r = run(List.of(PYTHON.toString(), script, bmc.baseUri().toString(), "admin", "secret", verify,
                "http://127.0.0.1:" + files.getAddress().getPort() + "/bios-p79-v1.46.bin"));
        Map<String, JsonNode> steps = new LinkedHashMap<>();
        for (String line : r.out().split("\n")) {
            if (line.startsWith("{")) {
                JsonNode n = Client.JSON.readTree(line);
                steps.put(n.path("step").asText(), n);
            }
        }
        assertEquals(0, r.exit(), r.toString());
        assertTrue(steps.containsKey("done"), r.toString());
        return steps;
    }

    static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(v -> out.add(v.asText()));
        return out;
    }

    @Test
    void sushyDrivesItAsIronicWould() throws Exception {
        RedfishTestService bmc = start(RedfishTestService.builder());
        Map<String, JsonNode> s = sushy(bmc, "false");

        assertEquals("1.15.0", s.get("connect").path("redfish_version").asText());
        assertEquals("437XR1138R2", s.get("system").path("identity").asText());
        assertEquals("On", s.get("system").path("power_state").asText());
        assertTrue(texts(s.get("system").path("reset_values")).containsAll(List.of("On", "ForceOff", "PowerCycle")));
        assertEquals("Off", s.get("reset_force_off").path("power_state").asText());
        assertEquals("On", s.get("reset_on").path("power_state").asText());
        assertTrue(s.get("refused_reset").path("accepted").asBoolean());
        assertEquals("Pxe", s.get("boot").path("target").asText());
        assertEquals("Once", s.get("boot").path("enabled").asText());
        assertEquals("UEFI", s.get("boot").path("mode").asText());
        assertEquals("http://127.0.0.1:9/boot.iso", s.get("virtual_media_insert").path("image").asText());
        assertTrue(s.get("virtual_media_insert").path("inserted").asBoolean());
        assertTrue(s.get("virtual_media_eject").path("image").isNull());
        assertFalse(s.get("virtual_media_eject").path("inserted").asBoolean());
        assertEquals("P79 v1.45", s.get("firmware_before").path("versions").path("BIOS").asText());
        assertEquals("Completed", s.get("simple_update").path("task_state").asText());
        assertEquals(100, s.get("simple_update").path("percent").asInt());
        assertEquals("P79 v1.46", s.get("firmware_after").path("versions").path("BIOS").asText());

        assertEquals(new BootOverride("Pxe", "Once", "UEFI", null), bmc.bootOverride());
        assertEquals("http://127.0.0.1:" + files.getAddress().getPort() + "/bios-p79-v1.46.bin",
                bmc.updateImages().get(0).source());
        assertEquals(List.of("GET /bios-p79-v1.46.bin"), served, "the BMC pulled the image");
        List<RecordedRequest> seen = bmc.requests();
        assertTrue(seen.stream().anyMatch(r -> r.method().equals("POST")
                && r.path().equals("/redfish/v1/SessionService/Sessions") && r.status() == 201), "sushy logs in");
        assertTrue(seen.stream().filter(r -> r.auth() == RecordedRequest.Auth.SESSION).count() > 10);
        assertEquals(0, seen.stream().filter(r -> r.auth() == RecordedRequest.Auth.BASIC).count(), "no Basic");
        assertTrue(seen.stream().allMatch(r -> r.status() < 400), "sushy met no error: " + seen);
    }

    @Test
    void sushyCopesWithQuirksOverPinnedTls() throws Exception {
        RedfishTestService bmc = start(RedfishTestService.builder().tls(true));
        bmc.faults().requireSettingsObject(true).weakEtags(true).disableSessions(true)
                .refuseResetTypes("ForceRestart");
        Path pem = tmp.resolve("bmc.pem");
        Files.writeString(pem, bmc.certificatePem());
        Map<String, JsonNode> s = sushy(bmc, pem.toString());

        assertFalse(s.get("refused_reset").path("accepted").asBoolean(), "sushy checks the allowable values");
        assertEquals("None", s.get("boot").path("target").asText(), "pending in the settings object");
        assertEquals("Pxe", s.get("boot_after_reset").path("target").asText(), "applied at the reset");
        assertEquals("Once", s.get("boot_after_reset").path("enabled").asText());
        assertEquals("P79 v1.46", s.get("firmware_after").path("versions").path("BIOS").asText());

        List<RecordedRequest> seen = bmc.requests();
        assertTrue(seen.stream().anyMatch(r -> r.path().equals("/redfish/v1/SessionService/Sessions")
                && r.method().equals("POST") && r.status() == 405), "sessions refused");
        assertTrue(seen.stream().filter(r -> r.auth() == RecordedRequest.Auth.BASIC).count() > 10,
                "sushy fell back to Basic");
        List<RecordedRequest> patches = seen.stream().filter(r -> r.method().equals("PATCH")).toList();
        assertEquals(bmc.systemPath() + "/Settings", patches.get(0).path());
        assertEquals(412, patches.get(0).status(), "the weak ETag first");
        assertTrue(patches.get(0).ifMatch().startsWith("W/"));
        assertEquals(200, patches.get(1).status(), "then sushy's retry with the strong form");
        assertEquals(patches.get(0).ifMatch().substring(2), patches.get(1).ifMatch());
        assertFalse(seen.stream().anyMatch(r -> r.method().equals("PATCH") && r.path().equals(bmc.systemPath())),
                "sushy never patched the system itself");
    }

    @Test
    void sushyPatchesLegacyVirtualMedia() throws Exception {
        RedfishTestService bmc = start(RedfishTestService.builder());
        bmc.faults().legacyVirtualMedia(true);
        Map<String, JsonNode> s = sushy(bmc, "false");
        assertTrue(s.get("virtual_media_insert").path("inserted").asBoolean());
        assertEquals("http://127.0.0.1:9/boot.iso", s.get("virtual_media_insert").path("image").asText());
        assertFalse(s.get("virtual_media_eject").path("inserted").asBoolean());
        String cd = bmc.managerPath() + "/VirtualMedia/CD1";
        List<RecordedRequest> patches = bmc.requests().stream()
                .filter(r -> r.path().equals(cd) && r.method().equals("PATCH")).toList();
        assertEquals(2, patches.size(), "insert and eject by PATCH");
        assertTrue(patches.stream().allMatch(r -> r.status() == 200));
        assertFalse(bmc.requests().stream().anyMatch(r -> r.path().contains("VirtualMedia.")), "no action posted");
    }
}
