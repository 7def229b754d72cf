package io.kiln.it;

import static io.kiln.it.InventorySurfacesIT.api;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kiln.it.InventorySurfacesIT.Http;
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
 * the same 405 problem+json, and a TFTP configuration that stops the TFTP component takes down /api/v1/tftp only
 * (503 problem+json) while the rest of /api/v1 keeps answering; fixing the file heals it without a restart.
 * Uses InventorySurfacesIT's curl helper (pointed at this lab).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RestStackIT {
    static NetworkLab lab;
    static KilnAppliance kiln;

    @BeforeAll
    static void start() throws Exception {
        lab = new NetworkLab("rest", 9);
        kiln = new KilnAppliance("rest", lab);
        kiln.config("io.kiln.dhcp", Map.of("mode", "proxy", "interfaces", lab.serverIf));
        kiln.config("io.kiln.web", Map.of("allowedClients", "127.0.0.0/8,::1," + lab.clientIp));
        kiln.start();
        // InventorySurfacesIT.api talks to its static lab and base: point them here (the ITs run one class at a time)
        InventorySurfacesIT.lab = lab;
        InventorySurfacesIT.base = "http://" + lab.serverIp + ":8080/api/v1";
    }

    @AfterAll
    static void stop() throws Exception {
        try {
            if (kiln != null) kiln.close();
        } finally {
            if (lab != null) lab.close();
        }
    }

    static void assertProblem(Http r, int status) {
        assertEquals(status, r.status(), r.toString());
        assertTrue(r.header("Content-Type").startsWith("application/problem+json"), r.toString());
        assertTrue(r.body().contains("\"status\" : " + status) && r.body().contains("\"type\" : \"about:blank\"")
                && r.body().contains("\"detail\" : ") && r.body().contains("\"error\" : "), r.body());
    }

    /** Asks until the answer fits, for at most 60 s (Config Admin and DS react to a changed file within seconds). */
    static Http until(Supplier<Http> call, Predicate<Http> fits) throws InterruptedException {
        Http last = call.get();
        for (long end = System.currentTimeMillis() + 60_000; !fits.test(last) && System.currentTimeMillis() < end; last = call.get()) {
            Thread.sleep(1000);
        }
        return last;
    }

    @Test
    @Order(1)
    void aWrongMethodIsThe405ProblemOnEveryBundlesResources() throws Exception {
        Http hosts = api("DELETE", "/hosts", null);
        assertProblem(hosts, 405);
        assertEquals("GET, POST", hosts.header("Allow"));
        assertTrue(hosts.body().contains("\"title\" : \"Method Not Allowed\""), hosts.body());
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
    }

    @Test
    @Order(2)
    void aBadTftpConfigTakesDownTftpOnlyAndFixingItHeals() throws Exception {
        assertEquals(200, api("GET", "/tftp/status", null).status());
        kiln.config("io.kiln.tftp", Map.of("enabled", "true", "port", "abc"));
        Http down = until(() -> api("GET", "/tftp/status", null), h -> h.status() == 503);
        assertProblem(down, 503);
        assertTrue(down.body().contains("the TFTP service is not available: "), down.body());
        Http hosts = api("GET", "/hosts", null);
        assertEquals(200, hosts.status(), "the rest of /api/v1 stays: " + hosts);
        assertTrue(hosts.body().contains("\"total\""), hosts.body());
        assertEquals(200, api("GET", "/inventory/status", null).status());
        assertEquals(200, api("GET", "/dhcp/status", null).status());

        kiln.config("io.kiln.tftp", Map.of("enabled", "true", "port", "69"));
        Http healed = until(() -> api("GET", "/tftp/status", null), h -> h.status() == 200);
        assertEquals(200, healed.status(), healed.toString());
        assertTrue(healed.body().contains("serving"), healed.body());
    }
}
