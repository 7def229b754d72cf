package io.kiln.redfish.testservice;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** UpdateService: SimpleUpdate pulls the image, multipart pushes it; tasks run to completion and bump versions. */
class UpdateTest {

    static final byte[] IMAGE = "BIOS image for 437XR1138R2\n".repeat(1000).getBytes(StandardCharsets.UTF_8);

    RedfishTestService bmc;
    Client client;
    HttpServer files;
    List<String> served = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws IOException {
        bmc = RedfishTestService.builder().mockup(Mockup.dir()).taskDuration(Duration.ofMillis(200)).build().start();
        client = new Client(bmc.baseUri()).basic("admin", "secret");
        files = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        files.createContext("/bios.bin", ex -> {
            served.add(ex.getRequestMethod() + " " + ex.getRequestURI().getPath());
            ex.sendResponseHeaders(200, IMAGE.length);
            ex.getResponseBody().write(IMAGE);
            ex.close();
        });
        files.start();
    }

    @AfterEach
    void stop() {
        bmc.close();
        files.stop(0);
    }

    String imageUri(String path) {
        return "http://127.0.0.1:" + files.getAddress().getPort() + path;
    }

    /** Polls the task monitor while it answers 202 (at most 60 s); returns its final answer. */
    Client.Answer waitFor(String monitor) throws InterruptedException {
        for (int i = 0; i < 600; i++) {
            Client.Answer a = client.get(monitor);
            if (a.status() != 202) {
                return a;
            }
            assertEquals("1", a.header("Retry-After"));
            Thread.sleep(100);
        }
        throw new AssertionError("the task did not finish");
    }

    @Test
    void serviceAdvertisesWhatItServes() {
        JsonNode us = client.get("/redfish/v1/UpdateService").json();
        assertEquals("/redfish/v1/UpdateService/Actions/SimpleUpdate",
                us.path("Actions").path("#UpdateService.SimpleUpdate").path("target").asText());
        String push = us.path("MultipartHttpPushUri").asText();
        assertTrue(push.startsWith("/redfish/v1/UpdateService/"), push);
        assertTrue(us.path("HttpPushUri").asText().startsWith("/redfish/v1/UpdateService/"),
                "the mockup's /FWUpdate is replaced by a path served");
        JsonNode inventory = client.get("/redfish/v1/UpdateService/FirmwareInventory").json();
        assertEquals(inventory.path("Members").size(), inventory.path("Members@odata.count").asInt());
        for (JsonNode m : inventory.path("Members")) {
            assertEquals(200, client.get(m.path("@odata.id").asText()).status());
        }
    }

    @Test
    void simpleUpdatePullsTheImageAndBumpsTheBiosVersion() throws Exception {
        String before = bmc.firmwareVersion("BIOS");
        assertEquals("P79 v1.45", before);
        Client.Answer a = client.post("/redfish/v1/UpdateService/Actions/SimpleUpdate",
                "{\"ImageURI\":\"" + imageUri("/bios.bin") + "\",\"TransferProtocol\":\"HTTP\"}");
        assertEquals(202, a.status());
        String monitor = a.header("Location");
        String task = a.json().path("@odata.id").asText();
        assertTrue(task.startsWith("/redfish/v1/TaskService/Tasks/"), task);
        assertEquals(monitor, a.json().path("TaskMonitor").asText());

        Client.Answer done = waitFor(monitor);
        assertEquals(200, done.status());
        assertEquals("Completed", done.json().path("TaskState").asText());
        JsonNode t = client.get(task).json();
        assertEquals("Completed", t.path("TaskState").asText());
        assertEquals("OK", t.path("TaskStatus").asText());
        assertEquals(100, t.path("PercentComplete").asInt());
        assertTrue(t.path("Messages").toString().contains("Update.1.0.UpdateSuccessful"), t.toString());
        assertEquals("P79 v1.46", bmc.firmwareVersion("BIOS"));
        assertEquals("P79 v1.46", client.get("/redfish/v1/UpdateService/FirmwareInventory/BIOS").json()
                .path("Version").asText());
        assertEquals("P79 v1.46", client.get(bmc.systemPath()).json().path("BiosVersion").asText());
        assertEquals(List.of("GET /bios.bin"), served, "the BMC pulled the image itself");
        UpdateImage image = bmc.updateImages().get(0);
        assertEquals("pull", image.how());
        assertEquals(IMAGE.length, image.size());
        assertEquals(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(IMAGE)), image.sha256());
        JsonNode tasks = client.get("/redfish/v1/TaskService/Tasks").json().path("Members");
        assertTrue(tasks.toString().contains(task));
    }

    @Test
    void aTaskUriAnswers202WhileRunningAsSushyExpects() throws Exception {
        bmc.close();
        bmc = RedfishTestService.builder().mockup(Mockup.dir()).taskDuration(Duration.ofMinutes(10)).build().start();
        client = new Client(bmc.baseUri()).basic("admin", "secret");
        Client.Answer a = client.post("/redfish/v1/UpdateService/Actions/SimpleUpdate",
                "{\"ImageURI\":\"" + imageUri("/bios.bin") + "\"}");
        String task = a.json().path("@odata.id").asText();
        Client.Answer running = client.get(task);
        assertEquals(202, running.status());
        assertTrue(List.of("New", "Running").contains(running.json().path("TaskState").asText()));
        assertEquals(202, client.get(a.header("Location")).status());
        assertEquals("P79 v1.45", bmc.firmwareVersion("BIOS"));
    }

    @Test
    void aFailedPullFailsTheTaskWithAMessage() throws Exception {
        Client.Answer a = client.post("/redfish/v1/UpdateService/Actions/SimpleUpdate",
                "{\"ImageURI\":\"" + imageUri("/missing.bin") + "\"}");
        assertEquals(202, a.status());
        Client.Answer done = waitFor(a.header("Location"));
        assertEquals(500, done.status());
        assertEquals("Update.1.0.TransferFailed", done.messageId());
        assertTrue(done.json().toString().contains("404"), done.json().toString());
        JsonNode t = client.get(a.json().path("@odata.id").asText()).json();
        assertEquals("Exception", t.path("TaskState").asText());
        assertEquals("Critical", t.path("TaskStatus").asText());
        assertEquals("P79 v1.45", bmc.firmwareVersion("BIOS"));
    }

    @Test
    void anUnreachableImageFailsTheTaskToo() throws Exception {
        int closed;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = s.getLocalPort();
        }
        Client.Answer a = client.post("/redfish/v1/UpdateService/Actions/SimpleUpdate",
                "{\"ImageURI\":\"http://127.0.0.1:" + closed + "/bios.bin\"}");
        Client.Answer done = waitFor(a.header("Location"));
        assertEquals(500, done.status());
        assertEquals("Update.1.0.TransferFailed", done.messageId());
    }

    @Test
    void targetsChooseTheFirmware() throws Exception {
        Client.Answer a = client.post("/redfish/v1/UpdateService/Actions/SimpleUpdate",
                "{\"ImageURI\":\"" + imageUri("/bios.bin") + "\",\"Targets\":[\"/redfish/v1/Managers/BMC\"]}");
        assertEquals(200, waitFor(a.header("Location")).status());
        assertEquals("P79 v1.45", bmc.firmwareVersion("BIOS"));
        assertEquals("1.45.455b66-rev5", bmc.firmwareVersion("BMC"));
        assertEquals("1.45.455b66-rev5", client.get(bmc.managerPath()).json().path("FirmwareVersion").asText());
    }

    @ParameterizedTest
    @CsvSource({
        "'{}', Base.1.8.ActionParameterMissing",
        "'{\"ImageURI\":\"http://127.0.0.1:1/x\",\"TransferProtocol\":\"NFS\"}', Base.1.8.ActionParameterValueNotInList",
        "'{\"ImageURI\":\"ftp://127.0.0.1/x\"}', Base.1.8.ActionParameterNotSupported",
        "'{\"ImageURI\":\"http://127.0.0.1:1/x\",\"Targets\":[\"/redfish/v1/Chassis/1U\"]}', Base.1.8.ActionParameterValueNotInList",
        "'{\"ImageURI\":7}', Base.1.8.ActionParameterValueTypeError",
    })
    void invalidSimpleUpdatesAre400(String body, String messageId) {
        Client.Answer a = client.post("/redfish/v1/UpdateService/Actions/SimpleUpdate", body);
        assertEquals(400, a.status());
        assertEquals(messageId, a.messageId());
        assertEquals(0, client.get("/redfish/v1/TaskService/Tasks").json().path("Members").size() - 1,
                "no task but the mockup's");
    }

    static byte[] multipart(String boundary, String parameters, byte[] file) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        if (parameters != null) {
            out.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"UpdateParameters\"\r\n"
                    + "Content-Type: application/json\r\n\r\n" + parameters + "\r\n").getBytes(StandardCharsets.UTF_8));
        }
        if (file != null) {
            out.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"UpdateFile\"; "
                    + "filename=\"bios.bin\"\r\nContent-Type: application/octet-stream\r\n\r\n")
                    .getBytes(StandardCharsets.UTF_8));
            out.writeBytes(file);
            out.writeBytes("\r\n".getBytes(StandardCharsets.UTF_8));
        }
        out.writeBytes(("--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }

    Client.Answer push(byte[] body, String boundary) {
        String uri = client.get("/redfish/v1/UpdateService").json().path("MultipartHttpPushUri").asText();
        return client.send(HttpRequest.newBuilder(bmc.baseUri().resolve(uri))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)));
    }

    @Test
    void multipartPushRunsATaskWithThePushedImage() throws Exception {
        byte[] image = new byte[70000];
        for (int i = 0; i < image.length; i++) {
            image[i] = (byte) (i * 31); // binary, with CR and LF bytes inside
        }
        Client.Answer a = push(multipart("xYzZY", "{\"Targets\":[\"/redfish/v1/UpdateService/FirmwareInventory/BIOS\"],"
                + "\"@Redfish.OperationApplyTime\":\"Immediate\"}", image), "xYzZY");
        assertEquals(202, a.status());
        assertEquals(200, waitFor(a.header("Location")).status());
        assertEquals("P79 v1.46", bmc.firmwareVersion("BIOS"));
        UpdateImage pushed = bmc.updateImages().get(0);
        assertEquals("push", pushed.how());
        assertEquals("bios.bin", pushed.source());
        assertEquals(image.length, pushed.size());
        assertEquals(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(image)), pushed.sha256());
        assertTrue(served.isEmpty(), "nothing pulled");
        RecordedRequest post = bmc.requests().stream().filter(r -> r.method().equals("POST")).findFirst().orElseThrow();
        assertEquals(202, post.status());
        assertTrue(post.body().startsWith("<multipart"), post.body());
    }

    @Test
    void multipartWithoutTargetsUpdatesTheBios() throws Exception {
        Client.Answer a = push(multipart("b1", "{}", IMAGE), "b1");
        assertEquals(200, waitFor(a.header("Location")).status());
        assertEquals("P79 v1.46", bmc.firmwareVersion("BIOS"));
    }

    @Test
    void multipartNeedsBothParts() {
        assertEquals("Base.1.8.ActionParameterMissing", push(multipart("b2", "{}", null), "b2").messageId());
        assertEquals("Base.1.8.ActionParameterMissing", push(multipart("b3", null, IMAGE), "b3").messageId());
        assertEquals(400, client.post(client.get("/redfish/v1/UpdateService").json().path("MultipartHttpPushUri")
                .asText(), "{}").status(), "not multipart");
        assertEquals("P79 v1.45", bmc.firmwareVersion("BIOS"));
    }

    @ParameterizedTest
    @CsvSource({"P79 v1.45, P79 v1.46", "1.0.9, 1.0.10", "2.50, 2.51", "1.45.455b66-rev4, 1.45.455b66-rev5",
        "v09, v10", "abc, abc.1"})
    void versionsBumpTheirLastNumber(String before, String after) {
        assertEquals(after, Bmc.bump(before));
        assertNotEquals(before, Bmc.bump(before));
    }
    @Test
    void httpPushTakesTheBodyAsTheImageForHttpPushUriTargets() throws Exception {
        String uri = client.get("/redfish/v1/UpdateService").json().path("HttpPushUri").asText();
        assertEquals(400, client.patch("/redfish/v1/UpdateService",
                "{\"HttpPushUriTargets\":[\"/redfish/v1/Chassis/1U\"]}", null).status());
        assertEquals(200, client.patch("/redfish/v1/UpdateService",
                "{\"HttpPushUriTargets\":[\"/redfish/v1/UpdateService/FirmwareInventory/BMC\"]}", null).status());
        Client.Answer a = client.send(HttpRequest.newBuilder(bmc.baseUri().resolve(uri))
                .header("Content-Type", "application/octet-stream").POST(HttpRequest.BodyPublishers.ofByteArray(IMAGE)));
        assertEquals(202, a.status());
        assertEquals(200, waitFor(a.header("Location")).status());
        assertEquals("1.45.455b66-rev5", bmc.firmwareVersion("BMC"));
        assertEquals("P79 v1.45", bmc.firmwareVersion("BIOS"));
        assertEquals(IMAGE.length, bmc.updateImages().get(0).size());
        assertEquals("<octet-stream, " + IMAGE.length + " bytes>", bmc.requests().stream()
                .filter(r -> r.path().equals(uri)).findFirst().orElseThrow().body());
        assertEquals(400, client.send(HttpRequest.newBuilder(bmc.baseUri().resolve(uri))
                .POST(HttpRequest.BodyPublishers.noBody())).status(), "no image");
    }
}
