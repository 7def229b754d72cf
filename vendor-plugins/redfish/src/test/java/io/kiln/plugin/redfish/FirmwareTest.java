package io.kiln.plugin.redfish;

import static io.kiln.plugin.redfish.Bmcs.requests;
import static io.kiln.plugin.redfish.Bmcs.service;
import static io.kiln.plugin.redfish.Bmcs.target;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import io.kiln.redfish.testservice.RecordedRequest;
import io.kiln.redfish.testservice.RedfishTestService;
import io.kiln.redfish.testservice.UpdateImage;
import io.kiln.spi.vendor.BmcTarget;
import io.kiln.spi.vendor.FirmwareComponent;
import io.kiln.spi.vendor.PluginException;
import io.kiln.spi.vendor.UpdateProgress;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Firmware inventory, SimpleUpdate (the BMC pulls from a server of the test's) and the multipart push, with task polling. */
class FirmwareTest {
    final RedfishPlugin plugin = new RedfishPlugin(RedfishQuirks.generic());
    final byte[] image = new byte[200_000];
    RedfishTestService bmc;
    HttpServer files;
    URI imageUri;

    @BeforeEach
    void start() throws Exception {
        for (int i = 0; i < image.length; i++) image[i] = (byte) (i * 31);
        bmc = service().taskDuration(Duration.ofMillis(300)).build().start();
        files = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 8);
        files.createContext("/fw/", ex -> {
            ex.sendResponseHeaders(200, image.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(image);
            }
        });
        files.start();
        imageUri = URI.create("http://127.0.0.1:" + files.getAddress().getPort() + "/fw/bios-p79-1.46.bin");
    }

    @AfterEach
    void stop() {
        plugin.close();
        bmc.close();
        files.stop(0);
    }

    @Test
    void inventory() throws Exception {
        List<FirmwareComponent> fw = plugin.firmware(target(bmc));
        FirmwareComponent bios = fw.stream().filter(c -> c.id().equals("BIOS")).findFirst().orElseThrow();
        assertEquals("P79 v1.45", bios.version());
        assertEquals("Contoso BIOS Firmware", bios.name());
        assertTrue(bios.updateable());
        assertTrue(fw.size() >= 3, fw.toString());
    }

    @Test
    void simpleUpdateThatTheBmcPulls() throws Exception {
        BmcTarget t = target(bmc);
        String before = bmc.firmwareVersion("BIOS");
        UpdateProgress started = plugin.update(t, imageUri, false);
        assertEquals(UpdateProgress.State.RUNNING, started.state());
        assertTrue(started.taskId().startsWith("/redfish/v1/TaskService/"), started.taskId());
        UpdateProgress done = poll(t, started);
        assertEquals(UpdateProgress.State.DONE, done.state(), done.toString());
        assertEquals(100, done.percent());
        assertNotEquals(before, bmc.firmwareVersion("BIOS"), "the version changed");
        UpdateImage got = bmc.updateImages().get(0);
        assertEquals("pull", got.how());
        assertEquals(imageUri.toString(), got.source());
        assertEquals(sha256(image), got.sha256());
        String body = requests(bmc, "POST", ".*/UpdateService/Actions/.*SimpleUpdate").get(0).body();
        assertTrue(body.contains("\"TransferProtocol\":\"HTTP\""), body);
    }

    @Test
    void multipartPushOfTheImageKilnServes() throws Exception {
        BmcTarget t = target(bmc);
        String before = bmc.firmwareVersion("BIOS");
        UpdateProgress started = plugin.update(t, imageUri, true);
        UpdateProgress done = poll(t, started);
        assertEquals(UpdateProgress.State.DONE, done.state(), done.toString());
        assertNotEquals(before, bmc.firmwareVersion("BIOS"));
        UpdateImage got = bmc.updateImages().get(0);
        assertEquals("push", got.how());
        assertEquals("bios-p79-1.46.bin", got.source());
        assertEquals(image.length, got.size());
        assertEquals(sha256(image), got.sha256(), "the bytes arrived whole");
        RecordedRequest push = bmc.requests().stream().filter(r -> r.method().equals("POST") && r.status() == 202).findFirst().orElseThrow();
        assertEquals(RecordedRequest.Auth.SESSION, push.auth());
    }

    @Test
    void progressHonoursRetryAfter() throws Exception {
        BmcTarget t = target(bmc);
        UpdateProgress started = plugin.update(t, imageUri, false);
        long before = requests(bmc, "GET", ".*/TaskService/.*").size();
        plugin.progress(t, started.taskId());
        assertEquals(before, requests(bmc, "GET", ".*/TaskService/.*").size(), "asked again within the BMC's Retry-After: not sent");
    }

    @Test
    void aFailedPullIsAFailedUpdateWithTheBmcsWords() throws Exception {
        BmcTarget t = target(bmc);
        UpdateProgress started = plugin.update(t, URI.create("http://127.0.0.1:" + files.getAddress().getPort() + "/missing/x.bin"), false);
        UpdateProgress end = poll(t, started);
        assertEquals(UpdateProgress.State.FAILED, end.state(), end.toString());
        assertTrue(end.message().length() > 10, end.message());
    }

    @Test
    void anUnknownTaskIsAnError() {
        PluginException e = assertThrows(PluginException.class, () -> plugin.progress(target(bmc), "/redfish/v1/TaskService/TaskMonitors/99"));
        assertTrue(e.getMessage().contains("has no task /redfish/v1/TaskService/TaskMonitors/99"), e.getMessage());
    }

    @Test
    void withoutMultipartThePushIsTheImageItself() throws Exception {
        try (ScriptedBmc old = ScriptedBmc.oneSystem()
                .resource("/redfish/v1/UpdateService", "{\"HttpPushUri\":\"/FWUpdate\"}")
                .answer("POST", "/FWUpdate", 202, "{}")) {
            BmcTarget t = new BmcTarget(new io.kiln.spi.vendor.BmcEndpoint("n", old.base().toString(), null, null, java.util.Map.of()), Bmcs.ADMIN);
            UpdateProgress p = plugin.update(t, imageUri, true);
            assertEquals(UpdateProgress.State.DONE, p.state(), "no task monitor: the BMC took it at once");
            ScriptedBmc.Seen push = old.seen("POST", "/FWUpdate").get(0);
            assertEquals(image.length, push.size(), "the image as the body, octet-stream");
            assertEquals("SESSION", push.auth());
        }
    }

    /** Polls until the update ends (bounded by a number of polls, not by time). */
    private UpdateProgress poll(BmcTarget t, UpdateProgress p) throws Exception {
        for (int i = 0; i < 400 && p.state() == UpdateProgress.State.RUNNING; i++) {
            Thread.sleep(50);
            p = plugin.progress(t, p.taskId());
        }
        return p;
    }

    static String sha256(byte[] b) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    }
}
