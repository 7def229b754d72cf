package io.kiln.boot.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kiln.api.inventory.BootProfile;
import io.kiln.api.inventory.Host;
import io.kiln.api.inventory.InstallMethod;
import io.kiln.api.inventory.ResolvedVariable;
import io.kiln.api.inventory.Role;
import io.kiln.api.inventory.Site;
import io.kiln.api.inventory.SiteNetwork;
import io.kiln.templates.internal.FreemarkerTemplateRenderer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.eclipse.jetty.servlet.ServletContextHandler;
import org.eclipse.jetty.servlet.ServletHolder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Per-host files over HTTP (embedded Jetty 9.4) rendered by the real FreeMarker renderer over an operator template
 * directory: which template a host gets from its profile's overrides, its role's template set, or the built-in one.
 */
class ProvisioningConfigServletTest {

    @TempDir
    static Path tmp;
    static Path templates;
    static LoopbackJetty server;
    static String base;
    static final Timeline timeline = new Timeline();
    static final HttpClient http = HttpClient.newHttpClient();

    static Host host(String name, String mac, String profile, String role) {
        return new Host(name, List.of(mac), null, null, profile, null, null, Map.of(), "shop-7", role, null, null, null, null, null, null);
    }

    static BootProfile profile(String name, Map<String, String> templates) {
        return new BootProfile(name, "ubuntu/vmlinuz", List.of("ubuntu/initrd"), "", "", null, InstallMethod.AUTOINSTALL, templates);
    }

    @BeforeAll
    static void start() throws Exception {
        templates = tmp.resolve("templates");
        Files.createDirectories(templates.resolve("acme"));
        Files.createDirectories(templates.resolve("shop/cloud-init"));
        Files.writeString(templates.resolve("acme/user-data"), "#cloud-config\n# acme user-data for ${host.name}\n");
        Files.writeString(templates.resolve("shop/cloud-init/user-data"), "#cloud-config\n# shop set for ${host.name}\n");
        Map<String, Object> config = Map.of("templateDir", templates.toString());

        List<ResolvedVariable> vars = List.of(ProvisioningVariablesTest.rv("domain", "shop7.example"),
                ProvisioningVariablesTest.rv("ntp", "ntp1.example"), ProvisioningVariablesTest.rv("timezone", "Europe/Paris"),
                ProvisioningVariablesTest.rv("ssh_keys", "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIKiln operator@kiln"));
        MemoryInventory inventory = new MemoryInventory()
                .with(new Site("shop-7", null, Map.of(), List.of(new SiteNetwork("10.7.0.0/24", "10.7.0.1", List.of(), null)), null))
                .with(profile("ubuntu-acme", Map.of("cloud-init/user-data", "acme/user-data")))
                .with(profile("ubuntu", Map.of()))
                .with(profile("ubuntu-broken", Map.of("cloud-init/user-data", "acme/user-data-v2")))
                .with(new Role("pos", null, "ubuntu-acme", List.of(), null, Map.of()))
                .with(new Role("till", null, "ubuntu", List.of(), "shop", Map.of()))
                .with(host("edge-1", "52:54:00:07:00:01", null, "pos"))          // profile through its role: override
                .with(host("edge-2", "52:54:00:07:00:02", null, "till"))         // role's template set
                .with(host("edge-3", "52:54:00:07:00:03", "ubuntu-acme", "till")) // both: the profile wins
                .with(host("edge-4", "52:54:00:07:00:04", "ubuntu-broken", "till"))
                .with(profile("ubuntu-gone", Map.of("cloud-init/user-data", "acme/never-there")))
                .with(host("edge-5", "52:54:00:07:00:05", "ubuntu-gone", "till"));
        for (String h : List.of("edge-1", "edge-2", "edge-3", "edge-4", "edge-5")) inventory.withVariables(h, vars);

        server = new LoopbackJetty();
        ServletContextHandler ctx = server.context;
        ProvisioningConfigServlet servlet = new ProvisioningConfigServlet(inventory, new FreemarkerTemplateRenderer(config));
        servlet.timeline = timeline;
        ServletHolder files = new ServletHolder("kiln-provisioning-configs", servlet);
        for (String path : List.of("/cloud-init/*", "/autoinstall/*", "/kickstart/*", "/preseed/*")) ctx.addServlet(files, path);
        server.start();
        base = server.base();
    }

    @AfterAll
    static void stop() throws Exception {
        server.stop();
    }

    static HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(base + path)).build(), HttpResponse.BodyHandlers.ofString());
    }

    static String ok(String path) throws Exception {
        HttpResponse<String> r = get(path);
        assertEquals(200, r.statusCode(), () -> path + ": " + r.body());
        return r.body();
    }

    @Test
    void profileOverrideReplacesTheBuiltInForThatFileOnly() throws Exception {
        HttpResponse<String> r = get("/cloud-init/edge-1/user-data");
        assertEquals(200, r.statusCode(), r.body());
        assertEquals("#cloud-config\n# acme user-data for edge-1\n", r.body());
        assertEquals("text/cloud-config; charset=utf-8", r.headers().firstValue("Content-Type").orElseThrow().replace(";charset", "; charset"));
        assertTrue(ok("/cloud-init/edge-1/meta-data").contains("local-hostname"), "no override for meta-data: built-in");
    }

    @Test
    void roleTemplateSetIsUsedWhereItHasTheFile() throws Exception {
        assertEquals("#cloud-config\n# shop set for edge-2\n", ok("/cloud-init/edge-2/user-data"));
        assertTrue(ok("/cloud-init/edge-2/network-config").contains("ethernets"), "the set has no network-config: built-in");
        assertTrue(ok("/autoinstall/edge-2/user-data").contains("autoinstall:"), "nor autoinstall/user-data");
    }

    @Test
    void profileOverrideBeatsTheRoleTemplateSet() throws Exception {
        assertEquals("#cloud-config\n# acme user-data for edge-3\n", ok("/cloud-init/edge-3/user-data"));
    }

    @Test
    void missingOverrideIs500NamingProfileKeyAndTemplateThenServedOnceTheFileExists() throws Exception {
        HttpResponse<String> r = get("/cloud-init/edge-4/user-data");
        assertEquals(500, r.statusCode());
        assertEquals("profile 'ubuntu-broken' overrides 'cloud-init/user-data' with template 'acme/user-data-v2', which does not "
                + "exist in the template directory\n", r.body(), "the message only: neither the built-in nor the role's set");
        assertEquals("text/plain; charset=utf-8", r.headers().firstValue("Content-Type").orElseThrow().replace(";charset", "; charset"));

        Files.writeString(templates.resolve("acme/user-data-v2"), "#cloud-config\n# v2 for ${host.name}\n");
        assertEquals("#cloud-config\n# v2 for edge-4\n", ok("/cloud-init/edge-4/user-data"));
    }

    @Test
    void eachFileServedOrRefusedGoesIntoTheHostsTimeline() throws Exception {
        ok("/cloud-init/edge-2/user-data");
        ok("/cloud-init/edge-2/vendor-data");
        assertEquals(500, get("/cloud-init/edge-5/user-data").statusCode());
        assertEquals(404, get("/cloud-init/nobody/user-data").statusCode());
        ok("/cloud-init/nobody/vendor-data");
        // the path as the machine asked for it, host included (what kiln:boot-file takes), on the host's timeline
        List<String> edge2 = timeline.of("edge-2"); // other tests fetch its files too
        assertTrue(edge2.containsAll(List.of("edge-2 config-served /cloud-init/edge-2/user-data from shop/cloud-init/user-data (role 'till' template"
                + " set 'shop'), to 127.0.0.1", "edge-2 config-served /cloud-init/edge-2/vendor-data (empty: Kiln has no vendor data), to 127.0.0.1")),
                edge2.toString());
        assertEquals(List.of("edge-5 config-failed /cloud-init/edge-5/user-data to 127.0.0.1: profile 'ubuntu-gone' overrides 'cloud-init/user-data' with"
                + " template 'acme/never-there', which does not exist in the template directory"), timeline.of("edge-5"));
        assertEquals(List.of(), timeline.of("nobody"));
    }
}
