package io.kiln.web.internal;

import static io.kiln.web.internal.Calls.call;
import static io.kiln.web.internal.Calls.get;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kiln.api.inventory.BootProfile;
import io.kiln.api.inventory.Host;
import io.kiln.api.inventory.Inventory;
import io.kiln.api.rest.ApiResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ApiRouterTest {
    final FakeInventory inventory = new FakeInventory();
    final ApiRouter api = router(new EntityResource(inventory), new DhcpResource(null), new TftpResource(null), new BootResource(null, null));

    /** A router with kiln-web's resources, each at the paths its component declares. */
    static ApiRouter router(EntityResource entities, DhcpResource dhcp, TftpResource tftp, BootResource boot) {
        ApiRouter router = new ApiRouter();
        router.add(entities, new String[] {"sites", "roles", "profiles", "hosts", "clusters", "instances"});
        router.add(dhcp, new String[] {"leases", "dhcp"});
        router.add(tftp, "tftp");
        router.add(boot, "boot");
        return router;
    }

    static final String H1 = "{\"name\":\"h1\",\"macs\":[\"52:54:00:00:00:01\"],\"site\":\"s1\",\"labels\":{\"rack\":\"r1\"}}";

    static String json(ApiResponse r) {
        return new String(JsonBody.write(r.body()), StandardCharsets.UTF_8);
    }

    @Test
    void createsWith201LocationAndEtag() {
        ApiResponse r = api.handle(call("POST", "/hosts", H1));
        assertEquals(201, r.status(), json(r));
        assertEquals("/api/v1/hosts/h1", r.headers().get("Location"));
        assertEquals("\"1\"", r.headers().get("ETag"));
        assertTrue(json(r).contains("\"name\" : \"h1\""), json(r));
        ApiResponse again = api.handle(call("POST", "/hosts", H1));
        assertEquals(409, again.status());
        assertTrue(json(again).contains("already exists"), json(again));
    }

    @Test
    void getsWithItsVersionAndSays404ForMissingOnes() {
        api.handle(call("POST", "/profiles", "{\"name\":\"os\",\"kernel\":\"vmlinuz\"}"));
        ApiResponse r = api.handle(get("/profiles/os"));
        assertEquals(200, r.status());
        assertEquals("\"1\"", r.headers().get("ETag"));
        assertTrue(json(r).contains("\"kernel\" : \"vmlinuz\""), json(r));
        ApiResponse missing = api.handle(get("/sites/nowhere"));
        assertEquals(404, missing.status());
        assertTrue(json(missing).contains("no site named 'nowhere'"), json(missing));
    }

    @Test
    void updatesNeedIfMatchAndRefuseAStaleVersion() {
        api.handle(call("POST", "/hosts", H1));
        String changed = H1.replace("r1", "r2");
        assertEquals(428, api.handle(call("PUT", "/hosts/h1", changed)).status());
        // two clients read version 1 and both write: exactly one wins, the other is told, nothing is lost silently
        ApiResponse first = api.handle(call("PUT", "/hosts/h1", changed, "If-Match", "\"1\""));
        ApiResponse second = api.handle(call("PUT", "/hosts/h1", H1.replace("r1", "r3"), "If-Match", "\"1\""));
        assertEquals(200, first.status(), json(first));
        assertEquals("\"2\"", first.headers().get("ETag"));
        assertEquals(409, second.status());
        assertTrue(json(second).contains("changed by someone else"), json(second));
        assertEquals("r2", inventory.host("h1").orElseThrow().labels().get("rack"));
        ApiResponse forced = api.handle(call("PUT", "/hosts/h1?force=true", H1.replace("r1", "r4")));
        assertEquals(200, forced.status(), json(forced));
        assertEquals("\"3\"", forced.headers().get("ETag"));
        assertEquals(404, api.handle(call("PUT", "/hosts/ghost?force=true", "{\"macs\":[\"52:54:00:00:00:09\"]}")).status(),
                "PUT updates; it never creates");
        assertEquals(400, api.handle(call("PUT", "/hosts/h1", H1, "If-Match", "\"abc\"")).status());
        ApiResponse mismatch = api.handle(call("PUT", "/hosts/h2", H1, "If-Match", "\"3\""));
        assertEquals(400, mismatch.status());
        assertTrue(json(mismatch).contains("differs from the URL"), json(mismatch));
    }

    @Test
    void deletesWithOrWithoutIfMatch() {
        api.handle(call("POST", "/hosts", H1));
        api.handle(call("POST", "/sites", "{\"name\":\"s1\",\"variables\":{\"ntp\":\"10.0.0.1\"}}"));
        assertEquals(409, api.handle(call("DELETE", "/hosts/h1", null, "If-Match", "\"7\"")).status());
        ApiResponse d = api.handle(call("DELETE", "/hosts/h1", null, "If-Match", "\"1\""));
        assertEquals(200, d.status(), json(d));
        assertTrue(json(d).contains("\"h1\""), "the deleted entity is returned");
        assertEquals(200, api.handle(call("DELETE", "/sites/s1", null)).status());
        assertEquals(404, api.handle(call("DELETE", "/sites/s1", null)).status());
        assertTrue(inventory.list(Host.class).isEmpty());
    }

    @Test
    void listsPageAndFilter() {
        for (int i = 1; i <= 5; i++) {
            inventory.save(new Host("h" + i, List.of("52:54:00:00:00:0" + i), null, null, "os", null, null, null, i % 2 == 0 ? "even" : "odd",
                    null, null, null, Map.of(), null, null, null), Inventory.MUST_NOT_EXIST);
        }
        ApiResponse page = api.handle(get("/hosts?offset=1&limit=2"));
        assertEquals(200, page.status());
        String j = json(page);
        assertTrue(j.contains("\"total\" : 5") && j.contains("\"h2\"") && j.contains("\"h3\"") && !j.contains("\"h1\"") && !j.contains("\"h4\""), j);
        j = json(api.handle(get("/hosts?site=even")));
        assertTrue(j.contains("\"total\" : 2") && j.contains("\"h2\"") && j.contains("\"h4\""), j);
        assertEquals(400, api.handle(get("/hosts?limit=0")).status());
        assertEquals(400, api.handle(get("/hosts?colour=red")).status());
        assertTrue(json(api.handle(get("/sites"))).contains("\"total\" : 0"));
    }

    @Test
    void resolvesAHostsVariables() {
        api.handle(call("POST", "/hosts", "{\"name\":\"h1\",\"macs\":[\"52:54:00:00:00:01\"],\"vars\":{\"ntp\":\"10.1.1.1\"}}"));
        ApiResponse r = api.handle(get("/hosts/h1/variables"));
        assertEquals(200, r.status());
        String j = json(r);
        assertTrue(j.contains("\"ntp\"") && j.contains("\"source\" : \"HOST\"") && j.contains("\"overrides\""), j);
        assertEquals(404, api.handle(get("/hosts/nobody/variables")).status());
        assertEquals(404, api.handle(get("/sites/s/variables")).status());
        assertEquals(405, api.handle(call("POST", "/hosts/h1/variables", "{}")).status());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "GET | /nothing | 404", "POST | / | 405", "DELETE | /hosts | 405", "POST | /hosts/h1 | 405", "PATCH | /hosts/h1 | 405",
            "POST | /leases | 405", "GET | /hosts/h1/variables/x | 404", "GET | /dhcp/nothing | 404"})
    void unknownRoutesAndMethodsAreClearErrors(String method, String path, int status) {
        ApiResponse r = api.handle(call(method, path, null));
        assertEquals(status, r.status(), json(r));
        if (status == 405) assertTrue(r.headers().containsKey("Allow"), r.headers().toString());
    }

    @Test
    void theRootListsTheRouteTableAndTheDocument() {
        ApiResponse r = api.handle(get("/"));
        assertEquals(200, r.status(), json(r));
        assertEquals(Map.of("openapi", "/api/openapi.json", "routes", List.of("boot", "clusters", "dhcp", "hosts", "instances", "leases", "profiles",
                "roles", "sites", "tftp")), r.body());
    }

    @Test
    void everyKindHasTheSameRoutes() {
        String[][] bodies = {
                {"sites", "{\"name\":\"s\",\"variables\":{\"a\":\"1\"},\"networks\":[{\"subnet\":\"10.0.0.0/24\",\"pools\":[\"10.0.0.100-10.0.0.199\"]}]}"},
                {"roles", "{\"name\":\"r\",\"profile\":\"os\",\"variables\":{\"a\":\"2\"}}"},
                {"profiles", "{\"name\":\"os\",\"kernel\":\"vmlinuz\",\"initrds\":[\"initrd.img\"]}"},
                {"hosts", "{\"name\":\"h\",\"macs\":[\"52:54:00:00:00:01\"]}"},
                {"clusters", "{\"name\":\"c\",\"site\":\"s\",\"members\":[{\"host\":\"h\"}],\"machineNetwork\":\"10.0.0.0/24\"}"},
                {"instances", "{\"host\":\"h\",\"profile\":\"os\"}"}};
        for (String[] b : bodies) {
            ApiResponse created = api.handle(call("POST", "/" + b[0], b[1]));
            assertEquals(201, created.status(), b[0] + ": " + json(created));
            String name = created.headers().get("Location").substring(("/api/v1/" + b[0] + "/").length());
            assertEquals(200, api.handle(get("/" + b[0] + "/" + name)).status());
            assertEquals(200, api.handle(call("PUT", "/" + b[0] + "/" + name, b[1], "If-Match", "\"1\"")).status(), b[0]);
            assertTrue(json(api.handle(get("/" + b[0]))).contains("\"total\" : 1"), b[0]);
        }
        assertEquals("vmlinuz", inventory.get(BootProfile.class, "os").orElseThrow().value().kernel());
    }
}
