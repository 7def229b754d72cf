package io.kiln.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The one REST stack on the assembled appliance: kiln-web's and kiln-gitops' resources answer a wrong method with
 * the same 405 problem+json, and a TFTP setting that stops the TFTP server takes down TFTP only (its status says
 * why) while the rest of /api/v1 keeps answering; fixing the file heals it without a restart.
 * Called as an operator on the client side calls it (curl from the client namespace).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RestStackIT {
    static NetworkLab lab;
    static KilnAppliance kiln;
    static Curl rest;

    @BeforeAll
    static void start() throws Exception {
        lab = new NetworkLab("rest", 9);
        kiln = new KilnAppliance("rest", lab);
        kiln.config("io.kiln.dhcp", Map.of("mode", "proxy", "interfaces", lab.serverIf));
        kiln.config("io.kiln.web", Map.of("allowedClients", "127.0.0.0/8,::1," + lab.clientIp));
        kiln.start();
        rest = kiln.http(lab.clientNs, lab.serverIp).api();
    }

    @AfterAll
    static void stop() throws Exception {
        KilnAppliance.closeAll(kiln, lab);
    }

    static Http api(String method, String path, String body) {
        return rest.request(method, path, body);
    }

    static void assertProblem(Http r, int status) {
        assertEquals(status, r.status(), r.toString());
        assertTrue(r.header("Content-Type").startsWith("application/problem+json"), r.toString());
        JsonNode p = r.json();
        assertEquals(status, p.get("status").asInt(), r.body());
        assertEquals("about:blank", p.get("type").asText(), r.body());
        assertTrue(p.hasNonNull("title") && p.hasNonNull("detail") && p.hasNonNull("error"), r.body());
    }

    /** Asks until the answer fits, for at most 60 s (Config Admin and DS react to a changed file within seconds). */
    static Http until(Supplier<Http> call, Predicate<Http> fits) throws Exception {
        return KilnAppliance.poll(call::get, fits, java.time.Duration.ofSeconds(60), java.time.Duration.ofSeconds(1));
    }

    @Test
    @Order(1)
    void aWrongMethodIsThe405ProblemOnEveryBundlesResources() throws Exception {
        Http hosts = api("DELETE", "/hosts", null);
        assertProblem(hosts, 405);
        assertEquals("GET, POST", hosts.header("Allow"));
        assertEquals("Method Not Allowed", hosts.json().get("title").asText());
        Http inventory = api("GET", "/inventory/apply", null);
        assertProblem(inventory, 405);
        assertEquals("POST", inventory.header("Allow"));
        Http tftp = api("POST", "/tftp/status", "{}");
        assertProblem(tftp, 405);
        assertEquals("GET", tftp.header("Allow"));
        assertProblem(api("GET", "/machines", null), 404);
        assertProblem(api("GET", "/inventory/nothing", null), 404);
        assertProblem(api("POST", "/inventory/apply?dir=relative", null), 400);
        assertProblem(api("GET", "/hosts?limit=0", null), 400);
        // localhost over IPv6, as a browser on the appliance reaches it: ::1 is in the default allowedClients
        Http v6 = new Curl(kiln.ns, "http://[::1]:8080", List.of("-g", "-u", "karaf:karaf")).get("/api/v1/status");
        assertEquals(200, v6.status(), v6.toString());
    }

    /**
     * /api/openapi.json is valid OpenAPI 3.1 and describes exactly what answers: each route of the router's table
     * ({@code GET /api/v1}) has documented paths, each documented path is served by a route, answers its documented
     * methods only (a PATCH gets 405 with exactly those in Allow) and a GET where one is documented is not a 404 for an
     * unknown path nor a 405. Path parameters are a name nothing has, so "no such host" 404s are fine; "no such
     * resource" (an unknown path) is not.
     */
    @Test
    @Order(2)
    void theOpenApiDocumentDescribesExactlyWhatAnswers() throws Exception {
        Http doc = kiln.http(lab.clientNs, lab.serverIp).get("/api/openapi.json");
        assertEquals(200, doc.status(), "allowed clients read it without a login: " + doc);
        io.swagger.v3.parser.core.models.SwaggerParseResult parsed = new io.swagger.v3.parser.OpenAPIV3Parser().readContents(doc.body(), null, null);
        assertTrue(parsed.getMessages() == null || parsed.getMessages().isEmpty(), "swagger-parser: " + parsed.getMessages());
        assertTrue(parsed.getOpenAPI() != null && parsed.getOpenAPI().getSpecVersion() == io.swagger.v3.oas.models.SpecVersion.V31, "OpenAPI 3.1");
        assertEquals("/api/v1", doc.json().at("/servers/0/url").asText());
        assertProblem(kiln.http(lab.clientNs, lab.serverIp).get("/api/nothing"), 404);

        java.util.List<String> routes = new java.util.ArrayList<>();
        api("GET", "/", null).json().path("routes").forEach(r -> routes.add(r.asText()));
        assertTrue(routes.contains("hosts") && routes.contains("inventory") && routes.contains("hosts/*/power"), routes.toString());
        Map<String, java.util.Set<String>> documented = new java.util.TreeMap<>();
        doc.json().path("paths").fields().forEachRemaining(e -> {
            java.util.Set<String> methods = new java.util.TreeSet<>();
            e.getValue().fieldNames().forEachRemaining(m -> methods.add(m.toUpperCase(java.util.Locale.ROOT)));
            documented.put(e.getKey(), methods);
        });
        java.util.List<String> wrong = new java.util.ArrayList<>();
        for (String route : routes) {
            if (documented.keySet().stream().noneMatch(p -> route.contains("/") ? pattern(p).equals(route) : p.startsWith("/" + route + "/")
                    || p.equals("/" + route))) {
                wrong.add("route " + route + " answers but is not documented");
            }
        }
        documented.forEach((path, methods) -> {
            String p = pattern(path);
            boolean routed = p.isEmpty() || routes.contains(p) || routes.contains(p.split("/")[0]);
            if (!routed) wrong.add(path + ": no route serves it");
            String concrete = path.replaceAll("\\{[^}]+}", "obs-probe");
            Http patch = api("PATCH", concrete, null);
            java.util.Set<String> allow = new java.util.TreeSet<>();
            if (patch.header("Allow") != null) for (String m : patch.header("Allow").split(",")) allow.add(m.trim());
            if (patch.status() != 405 || !allow.equals(methods)) wrong.add(path + ": documents " + methods + ", answers PATCH with " + patch);
            // an event stream's GET does not end: theConsolesCalls... reads one
            if (methods.contains("GET") && !path.endsWith("/stream")) {
                Http get = api("GET", concrete, null);
                boolean unknownPath = get.status() == 404 && get.json().path("detail").asText().startsWith("no such resource");
                if (get.status() == 405 || unknownPath || get.status() >= 400 && !get.header("Content-Type").startsWith("application/problem+json")) {
                    wrong.add(path + ": GET " + get);
                }
            }
        });
        assertTrue(wrong.isEmpty(), String.join("\n", wrong));
    }

    /** A documented path as a route pattern: {@code /hosts/{name}/power} -> {@code hosts/*}{@code /power}; "/" -> "". */
    static String pattern(String documented) {
        return documented.replaceAll("\\{[^}]+}", "*").replaceFirst("^/", "");
    }

    @Test
    @Order(3)
    void aBadTftpConfigTakesDownTftpOnlyAndFixingItHeals() throws Exception {
        assertEquals(200, api("GET", "/tftp/status", null).status());
        kiln.config("io.kiln.tftp", Map.of("enabled", "true", "port", "abc"));
        String line = "etc/io.kiln.tftp.cfg: port = 'abc' is not a number from 0 to 65535";
        // the component runs to say why; the server does not
        Http down = until(() -> api("GET", "/tftp/status", null), h -> h.status() == 200 && h.json().path("state").asText().startsWith("error"));
        assertEquals("error: " + line, down.json().path("state").asText(), down.body());
        Http hosts = api("GET", "/hosts", null);
        assertEquals(200, hosts.status(), "the rest of /api/v1 stays: " + hosts);
        assertTrue(hosts.json().has("total"), hosts.body());
        assertEquals(200, api("GET", "/inventory/status", null).status());
        assertEquals(200, api("GET", "/dhcp/status", null).status());
        // the fault is visible, with its reason, in kiln:status, /api/v1/status and (states only, no credentials) /health
        Http health = until(() -> kiln.http(lab.clientNs, lab.serverIp).get("/health"),
                h -> "DOWN".equals(h.json().path("subsystems").path("tftp").asText()));
        assertEquals(200, health.status(), "still ready: booting over HTTP and the inventory run: " + health);
        assertEquals("DEGRADED", health.json().path("status").asText(), health.body());
        assertEquals("DOWN", health.json().path("subsystems").path("tftp").asText(), health.body());
        assertEquals("UP", health.json().path("subsystems").path("inventory").asText(), health.body());
        JsonNode tftp = null;
        for (JsonNode x : api("GET", "/status", null).json().path("subsystems")) if (x.path("name").asText().equals("tftp")) tftp = x;
        assertTrue(tftp != null && tftp.path("reason").asText().equals("not serving: " + line), String.valueOf(tftp));
        String screen = kiln.client("kiln:status");
        assertTrue(screen.contains("degraded") && screen.lines().anyMatch(l -> l.contains("tftp") && l.contains("down")), screen);

        kiln.config("io.kiln.tftp", Map.of("enabled", "true", "port", "69"));
        Http healed = until(() -> api("GET", "/tftp/status", null), h -> h.status() == 200 && h.body().contains("serving"));
        assertEquals(200, healed.status(), healed.toString());
        assertTrue(healed.body().contains("serving"), healed.body());
        Http up = until(() -> kiln.http(lab.clientNs, lab.serverIp).get("/health"),
                h -> h.status() == 200 && "UP".equals(h.json().path("subsystems").path("tftp").asText()));
        assertEquals("UP", up.json().path("subsystems").path("tftp").asText(), "healed without a restart: " + up.body());
    }

    /**
     * The dashboard's calls: hosts filtered by state and searched, sorted, paged with a total; the fleet summary; and
     * a host's live event stream read with curl -N while Kiln records an event of it (its iPXE script is asked for),
     * then resumed after an id with Last-Event-ID.
     */
    @Test
    @Order(4)
    void theConsolesCallsHostsFleetAndALiveEventStream() throws Exception {
        String mac = "52:54:00:5e:00:01";
        assertEquals(201, api("POST", "/hosts", "{\"name\":\"sse-1\",\"macs\":[\"" + mac + "\"],\"labels\":{\"rack\":\"r9\"}}").status());
        assertEquals(201, api("POST", "/hosts", "{\"name\":\"sse-2\",\"macs\":[\"52:54:00:5e:00:02\"],\"serial\":\"SN-SSE-2\"}").status());
        Http page = api("GET", "/hosts?state=registered&q=sse&sort=-name&limit=1", null);
        assertEquals(200, page.status(), page.toString());
        assertEquals(2, page.json().path("total").asInt(), page.body());
        assertEquals("sse-2", page.json().path("items").path(0).path("name").asText(), page.body());
        assertEquals(1, page.json().path("next").asInt(), page.body());
        assertEquals("sse-1", api("GET", "/hosts?label=rack=r9&q=5E:00", null).json().path("items").path(0).path("name").asText());
        assertProblem(api("GET", "/hosts?sort=size", null), 400);
        assertProblem(api("GET", "/hosts?state=lost", null), 400);

        Http fleet = api("GET", "/fleet", null);
        assertEquals(200, fleet.status(), fleet.toString());
        assertTrue(fleet.json().path("hosts").asInt() >= 2, fleet.body());
        assertEquals(3, fleet.json().path("activity").size(), fleet.body());
        assertTrue(kiln.client("kiln:fleet").contains("hosts,"), "kiln:fleet prints the same");
        assertProblem(api("GET", "/fleet?failures=0", null), 400);
        assertProblem(api("GET", "/hosts/nobody/events/stream", null), 404);

        java.util.concurrent.BlockingQueue<String> lines = new java.util.concurrent.LinkedBlockingQueue<>();
        Process curl = stream("/hosts/sse-1/events/stream", null, lines);
        try {
            assertTrue(lines.poll(20, java.util.concurrent.TimeUnit.SECONDS) != null, "the stream's first lines");
            String ipxe = "/boot/ipxe?mac=" + mac;
            long id = -1;
            for (int i = 0; i < 4 && id < 0; i++) { // each iPXE script asked for records an event of the host
                kiln.http(lab.clientNs, lab.serverIp).get(ipxe);
                id = idOf(lines, "ipxe-script", 15);
            }
            assertTrue(id > 0, "an ipxe-script event of sse-1 on the stream");
            java.util.concurrent.BlockingQueue<String> again = new java.util.concurrent.LinkedBlockingQueue<>();
            Process r = stream("/hosts/sse-1/events/stream", "Last-Event-ID: " + (id - 1), again);
            try {
                assertEquals(id, idOf(again, "ipxe-script", 20), "resumed: the event after Last-Event-ID again, from the store");
            } finally {
                r.destroy();
            }
        } finally {
            curl.destroy();
        }
    }

    /** curl -N in the client namespace, its lines into {@code lines} as they come. */
    private static Process stream(String path, String header, java.util.concurrent.BlockingQueue<String> lines) throws Exception {
        java.util.List<String> cmd = new java.util.ArrayList<>(java.util.List.of("curl", "-N", "-s", "--max-time", "120", "-u", "karaf:karaf"));
        if (header != null) cmd.addAll(java.util.List.of("-H", header));
        cmd.add("http://" + lab.serverIp + ":8080/api/v1" + path);
        Process p = new ProcessBuilder(NetworkLab.inNs(lab.clientNs, cmd.toArray(String[]::new))).redirectErrorStream(true).start();
        Thread t = new Thread(() -> {
            try (java.io.BufferedReader in = new java.io.BufferedReader(new java.io.InputStreamReader(p.getInputStream(), java.nio.charset.StandardCharsets.UTF_8))) {
                for (String l; (l = in.readLine()) != null; ) lines.add(l);
            } catch (java.io.IOException e) {
                lines.add("! " + e);
            }
        });
        t.setDaemon(true);
        t.start();
        return p;
    }

    /** The id of the next frame of that type on the stream, or -1 when none came within the time. */
    private static long idOf(java.util.concurrent.BlockingQueue<String> lines, String type, int seconds) throws InterruptedException {
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        long id = -1;
        while (System.nanoTime() < end) {
            String l = lines.poll(1, java.util.concurrent.TimeUnit.SECONDS);
            if (l == null) continue;
            if (l.startsWith("id: ")) id = Long.parseLong(l.substring(4).trim());
            else if (l.equals("event: " + type) && id > 0) return id;
            else if (l.startsWith("data: ") && !l.contains("\"type\":\"" + type + "\"")) id = -1;
        }
        return -1;
    }

    /**
     * POST /api/v1/plugins: the fake plugin's jar is deployed and listed; a body that is no jar, a bundle that is no
     * plugin and a JSON Content-Type are refused with clear problems.
     */
    @Test
    @Order(5)
    void aPluginJarUploadedIsDeployedAndListed() throws Exception {
        java.nio.file.Path fakeJar = java.nio.file.Path.of(System.getProperty("kiln.fakePlugin"));
        assertTrue(java.nio.file.Files.isRegularFile(fakeJar), "the fake plugin is built first: " + fakeJar);
        java.nio.file.Path text = java.nio.file.Files.writeString(java.nio.file.Files.createTempFile("kiln-it", ".txt"), "not a jar");
        java.nio.file.Path other = java.nio.file.Files.createTempFile("kiln-it", ".jar");
        java.util.jar.Manifest mf = new java.util.jar.Manifest();
        mf.getMainAttributes().put(java.util.jar.Attributes.Name.MANIFEST_VERSION, "1.0");
        mf.getMainAttributes().putValue("Bundle-SymbolicName", "io.example.not-a-plugin");
        mf.getMainAttributes().putValue("Bundle-Version", "1.0.0");
        mf.getMainAttributes().putValue("Import-Package", "org.slf4j");
        try (java.util.jar.JarOutputStream j = new java.util.jar.JarOutputStream(java.nio.file.Files.newOutputStream(other), mf)) {
            j.putNextEntry(new java.util.zip.ZipEntry("a.txt"));
        }
        java.nio.file.Path deployed = kiln.home.resolve("deploy/kiln-plugin-fake.jar");
        try {
            Http notJar = upload(text, "application/java-archive");
            assertProblem(notJar, 400);
            assertTrue(notJar.json().path("detail").asText().contains("not a jar"), notJar.body());
            Http notPlugin = upload(other, "application/java-archive");
            assertProblem(notPlugin, 400);
            assertTrue(notPlugin.json().path("detail").asText().contains("does not import io.kiln.spi.vendor"), notPlugin.body());
            assertProblem(upload(fakeJar, "application/json"), 415);

            Http ok = upload(fakeJar, "application/java-archive");
            assertEquals(202, ok.status(), ok.toString());
            assertEquals("kiln-plugin-fake", ok.json().path("bundle").asText(), ok.body());
            assertTrue(java.nio.file.Files.isRegularFile(deployed), "written into deploy/ under its bundle name");
            Http listed = until(() -> api("GET", "/plugins", null), h -> h.status() == 200 && h.body().contains("\"fake\""));
            assertTrue(listed.body().contains("kiln-plugin-fake"), listed.body());
        } finally {
            java.nio.file.Files.deleteIfExists(deployed);
            java.nio.file.Files.deleteIfExists(text);
            java.nio.file.Files.deleteIfExists(other);
        }
    }

    /** curl POST of a file as the body, from the client namespace, as karaf (an admin). */
    private static Http upload(java.nio.file.Path file, String contentType) {
        return rest.with("--data-binary", "@" + file).request("POST", "/plugins", null, "Content-Type: " + contentType);
    }
}
