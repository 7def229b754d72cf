package io.kiln.web.internal;

import static io.kiln.web.internal.ApiRouterTest.json;
import static io.kiln.web.internal.Calls.call;
import static io.kiln.web.internal.Calls.get;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.kiln.api.KilnException;
import io.kiln.api.inventory.EntityKind;
import io.kiln.api.rest.ApiProblem;
import io.kiln.api.rest.ApiResource;
import io.kiln.api.rest.ApiResponse;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The one REST stack at the router: problem+json for every refusal, 503 only where a service is missing, resources
 * coming and going. (kiln-gitops' InventoryApiResourceTest drives the same stack through the servlet.)
 */
class RestStackTest {
    final FakeInventory inventory = new FakeInventory();
    final ApiRouter api = ApiRouterTest.router(new EntityResource(inventory), new DhcpResource(null), new TftpResource(null), new BootResource(null, null));

    /** Another bundle's resource: answers GET /acme/ping, refuses the rest the way resources do. */
    static final ApiResource ACME = r -> {
        if (r.path().size() != 2 || !"ping".equals(r.path().get(1))) throw KilnException.notFound("no such resource: " + r.where());
        if (!"GET".equals(r.method())) throw ApiProblem.methodNotAllowed(r, "GET");
        if (r.param("conflict") != null) throw KilnException.conflict("busy");
        if (r.param("bad") != null) throw KilnException.invalid("bad is bad");
        return ApiResponse.ok(Map.of("pong", r.user()));
    };

    static JsonNode problem(ApiResponse r, int status) throws Exception {
        assertEquals(status, r.status(), json(r));
        assertEquals("application/problem+json", r.headers().get("Content-Type"));
        JsonNode body = JsonBody.MAPPER.readTree(json(r));
        assertEquals(List.of("type", "title", "status", "detail", "instance", "error"), members(body));
        assertEquals("about:blank", body.get("type").asText());
        assertEquals(status, body.get("status").asInt());
        assertEquals(body.get("detail"), body.get("error"));
        return body;
    }

    static List<String> members(JsonNode body) {
        List<String> names = new ArrayList<>();
        body.fieldNames().forEachRemaining(names::add);
        return names;
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "GET    | /acme/ping?bad=1      | 400 | Bad Request        |",
            "GET    | /hosts?limit=0        | 400 | Bad Request        |",
            "GET    | /acme/nope            | 404 | Not Found          |",
            "GET    | /hosts/nope           | 404 | Not Found          |",
            "GET    | /nope                 | 404 | Not Found          |",
            "PUT    | /acme/ping            | 405 | Method Not Allowed | GET",
            "PATCH  | /hosts/h1             | 405 | Method Not Allowed | GET, PUT, DELETE",
            "POST   | /dhcp/status          | 405 | Method Not Allowed | GET",
            "GET    | /acme/ping?conflict=1 | 409 | Conflict           |",
            "PUT    | /hosts/h1             | 428 | Precondition Required |",
            "GET    | /leases               | 503 | Service Unavailable |",
            "GET    | /tftp/status          | 503 | Service Unavailable |",
            "GET    | /boot/explain?mac=52:54:00:00:00:01 | 503 | Service Unavailable |"})
    void everyRefusalIsProblemJson(String method, String path, int status, String title, String allow) throws Exception {
        api.add(ACME, "acme");
        ApiResponse r = api.handle(call(method, path, null));
        JsonNode body = problem(r, status);
        assertEquals(title, body.get("title").asText());
        assertEquals(allow, r.headers().get("Allow"));
        assertEquals("/api/v1" + path.replaceAll("\\?.*", ""), body.get("instance").asText());
    }

    @Test
    void aMissingServiceIs503ForItsOwnPathsOnly() throws Exception {
        JsonNode tftp = problem(api.handle(get("/tftp/status")), 503);
        assertTrue(tftp.get("detail").asText().startsWith("the TFTP service is not available: "), tftp.toString());
        assertEquals(200, api.handle(get("/hosts")).status(), "the inventory's paths still answer");
        ApiRouter withoutInventory = ApiRouterTest.router(new EntityResource(null), new DhcpResource(null), new TftpResource(null), new BootResource(null, null));
        JsonNode noInventory = problem(withoutInventory.handle(get("/hosts")), 503);
        assertTrue(noInventory.get("detail").asText().startsWith("the inventory is not available: "), noInventory.toString());
        // the path and the method are checked first: the same 404 and 405 whether the service runs or not
        problem(withoutInventory.handle(call("DELETE", "/hosts", null)), 405);
        problem(withoutInventory.handle(get("/hosts/h1/nothing")), 404);
        problem(api.handle(call("DELETE", "/tftp/status", null)), 405);
    }

    @Test
    void resourcesComeAndGo() throws Exception {
        problem(api.handle(get("/acme/ping")), 404);
        api.add(ACME, List.of("acme"));
        ApiResponse ok = api.handle(get("/acme/ping"));
        assertEquals(200, ok.status(), json(ok));
        assertTrue(json(ok).contains("\"pong\" : \"tester\""), "the resource sees the caller: " + json(ok));
        api.remove(ACME);
        JsonNode gone = problem(api.handle(get("/acme/ping")), 404);
        assertTrue(gone.get("detail").asText().contains("(try boot, clusters, dhcp, hosts, instances, leases, profiles, roles, sites, tftp)"), gone.toString());
        assertEquals(200, api.handle(get("/hosts")).status());
    }

    @Test
    void aResourceFailingUnexpectedlyIsA500ProblemWithoutItsInnards() throws Exception {
        api.add(r -> {
            throw new IllegalStateException("secret detail");
        }, "boom");
        JsonNode body = problem(api.handle(get("/boom")), 500);
        assertEquals("internal error (see the Kiln log): IllegalStateException", body.get("detail").asText());
    }

    /** The generated DS descriptors: /api/v1 needs only the access rule; every resource only its own service, optionally. */
    @Test
    void componentsDependOnlyOnWhatTheyServe() throws Exception {
        String servlet = descriptor("ApiServlet");
        // Sessions is kiln-web's own, with no references: it is there whenever the bundle is
        assertEquals(List.of("io.kiln.api.security.ApiAccess", "io.kiln.web.internal.Sessions"), references(servlet, false));
        assertTrue(servlet.contains("interface=\"io.kiln.api.rest.ApiResource\"") && servlet.contains("cardinality=\"0..n\" policy=\"dynamic\""), servlet);
        for (String resource : List.of("EntityResource", "DhcpResource", "TftpResource", "BootResource")) {
            String xml = descriptor(resource);
            assertEquals(List.of(), references(xml, false), resource + " must not need its service: it answers 503 without it\n" + xml);
            // optional ones only: the boot and entity resources also use the file check when it runs, the entities the workflows
            assertEquals(resource.equals("BootResource") ? 2 : resource.equals("EntityResource") ? 3 : 1, references(xml, true).size(), xml);
        }
        List<String> plurals = Arrays.stream(EntityKind.values()).map(EntityKind::plural).toList();
        Matcher m = Pattern.compile("<property name=\"kiln.api.path\" type=\"String\">\\s*([^<]*)</property>").matcher(descriptor("EntityResource"));
        assertTrue(m.find());
        assertEquals(plurals, List.of(m.group(1).trim().split("\\s+")));
    }

    private static String descriptor(String component) throws Exception {
        try (InputStream in = RestStackTest.class.getClassLoader().getResourceAsStream("OSGI-INF/io.kiln.web.internal." + component + ".xml")) {
            assertTrue(in != null, "no DS descriptor for " + component + " (bnd-maven-plugin writes it before the tests)");
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** The interfaces of a descriptor's references, mandatory ones or optional ones. */
    private static List<String> references(String xml, boolean optional) {
        List<String> out = new ArrayList<>();
        Matcher m = Pattern.compile("<reference ([^>]*)/>").matcher(xml);
        while (m.find()) {
            String ref = m.group(1);
            boolean isOptional = ref.contains("cardinality=\"0..");
            Matcher i = Pattern.compile("interface=\"([^\"]+)\"").matcher(ref);
            if (isOptional == optional && i.find() && !ref.contains("io.kiln.api.rest.ApiResource")) out.add(i.group(1));
        }
        return out;
    }
}
