package io.kiln.boot.internal;

import io.kiln.api.inventory.BootProfile;
import io.kiln.api.inventory.Cluster;
import io.kiln.api.inventory.ClusterMember;
import io.kiln.api.inventory.ClusterRole;
import io.kiln.api.inventory.Host;
import io.kiln.api.inventory.HostContext;
import io.kiln.api.inventory.InstallMethod;
import io.kiln.api.inventory.ProvisioningMode;
import io.kiln.api.inventory.ResolvedVariable;
import io.kiln.api.inventory.Role;
import io.kiln.api.inventory.Site;
import io.kiln.api.inventory.SiteNetwork;
import io.kiln.api.template.RenderedFile;
import io.kiln.templates.internal.FreemarkerTemplateRenderer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ProvisioningVariablesTest {
    @TempDir Path dir;

    final Site site = new Site("shop-7", null, Map.of(), List.of(new SiteNetwork("10.7.0.0/24", "10.7.0.1", List.of("10.7.0.100-10.7.0.199"), null)), null);
    final Role role = new Role("pos", null, "ubuntu", List.of("nginx", "chrony"), null, Map.of());
    final Host host = new Host("edge-1", List.of("52:54:00:07:00:01", "52:54:00:07:00:02"), null, "SN1", null, "10.7.0.21", null, Map.of(),
            "shop-7", "pos", null, null, null, null, null, null);
    final Cluster sno = new Cluster("sno-7", "shop-7", List.of(new ClusterMember("edge-1", ClusterRole.CONTROL_PLANE)), "10.7.0.0/24",
            "10.7.0.21", "10.7.0.21", Map.of());
    final BootProfile ubuntu = new BootProfile("ubuntu", "ubuntu/vmlinuz", List.of("ubuntu/initrd"), "", "", null, InstallMethod.AUTOINSTALL, null);
    final List<ResolvedVariable> vars = List.of(
            rv("domain", "shop7.example"), rv("dns", "10.7.0.1, 10.7.0.2"), rv("ntp", "ntp1.example,ntp2.example"),
            rv("ssh_keys", "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIKiln operator@kiln"), rv("timezone", "Europe/Paris"),
            rv("packages", "chrony"), rv("install.mirror", "http://archive.ubuntu.com/ubuntu"));

    HostContext context() {
        return new HostContext(host, site, role, sno, ClusterRole.CONTROL_PLANE, ProvisioningMode.ZTP, null, "ubuntu",
                HostContext.BootChoice.of(null, host, role), vars);
    }

    static ResolvedVariable rv(String n, String v) {
        return new ResolvedVariable(n, v, ResolvedVariable.Source.SITE, "shop-7", List.of());
    }

    @Test
    @SuppressWarnings("unchecked")
    void inventoryBecomesTheTemplatesNestedContract() {
        Map<String, Object> m = ProvisioningVariables.build(context(), ubuntu, "http://10.7.0.1:8080");
        Map<String, Object> s = (Map<String, Object>) m.get("site");
        assertEquals(List.of("10.7.0.1", "10.7.0.2"), s.get("dns"));
        assertEquals(List.of("ntp1.example", "ntp2.example"), s.get("ntp"));
        assertEquals(List.of("nginx", "chrony"), ((Map<String, Object>) m.get("role")).get("packages"), "chrony from role and site, once");
        Map<String, Object> net = (Map<String, Object>) m.get("network");
        List<Map<String, Object>> nics = (List<Map<String, Object>>) net.get("interfaces");
        assertEquals(List.of("10.7.0.21/24"), nics.get(0).get("addresses"));
        assertEquals("52:54:00:07:00:02", nics.get(1).get("mac"));
        assertEquals("10.7.0.1", net.get("gateway"), "from the site network holding the host's address");
        assertEquals("autoinstall", ((Map<String, Object>) m.get("install")).get("method"));
        assertEquals("http://archive.ubuntu.com/ubuntu", ((Map<String, Object>) m.get("install")).get("mirror"));
        Map<String, Object> c = (Map<String, Object>) m.get("cluster");
        assertEquals("10.7.0.21", c.get("api_vip"));
        assertEquals("control-plane", c.get("role"));
        assertEquals(List.of("KILN_CLUSTER", "KILN_CLUSTER_ROLE", "KILN_MACHINE_NETWORK", "KILN_API_VIP", "KILN_INGRESS_VIP"),
                List.copyOf(((Map<String, Object>) c.get("env")).keySet()), "every member's kiln.env, in this order");
    }

    @Test
    void renderedUserDataPassesCloudInitsOwnSchemaCheck() throws Exception {
        FreemarkerTemplateRenderer renderer = new FreemarkerTemplateRenderer(Map.of("templateDir", dir.resolve("none").toString()));
        Map<String, Object> m = ProvisioningVariables.build(context(), ubuntu, "http://10.7.0.1:8080");
        for (String t : List.of("cloud-init/user-data", "autoinstall/user-data", "cloud-init/network-config", "kickstart/ks.cfg",
                "preseed/preseed.cfg", "cloud-init/meta-data")) {
            RenderedFile f = renderer.render(t, m);
            assertTrue(f.content().contains("edge-1") || f.content().contains("52:54:00:07:00:01"), t);
        }
        Path userData = dir.resolve("user-data");
        Files.writeString(userData, renderer.render("cloud-init/user-data", m).content());
        boolean ci = "true".equals(System.getenv("CI"));
        boolean tool = Files.isExecutable(Path.of("/usr/bin/cloud-init"));
        Assumptions.assumeTrue(tool || ci, "cloud-init is not installed: schema check skipped");
        Process p = new ProcessBuilder("cloud-init", "schema", "--config-file", userData.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), out);
        assertTrue(out.contains("Valid cloud-config"), out);
    }

    /** A host as a new operator adds it (a site with a network, no variables at all): every built-in file renders. */
    @ParameterizedTest
    @ValueSource(strings = {"cloud-init/user-data", "autoinstall/user-data", "cloud-init/network-config", "kickstart/ks.cfg",
            "preseed/preseed.cfg", "cloud-init/meta-data"})
    void everyBuiltInTemplateRendersWithNoVariablesAtAll(String template) throws Exception {
        FreemarkerTemplateRenderer renderer = new FreemarkerTemplateRenderer(Map.of("templateDir", dir.resolve("none").toString()));
        Site lab = new Site("lab", null, Map.of(), List.of(new SiteNetwork("10.60.0.0/24", "10.60.0.1", List.of("10.60.0.100-10.60.0.150"), null)), null);
        Host ai1 = new Host("ai1", List.of("52:54:00:60:00:01"), null, null, "ai", null, null, Map.of(), "lab", null, null, null, null, null, null, null);
        HostContext bare = new HostContext(ai1, lab, null, null, null, ProvisioningMode.ZTP, null, "ai",
                HostContext.BootChoice.of(null, ai1, null), List.of());
        Map<String, Object> m = ProvisioningVariables.build(bare, ubuntu, "http://10.60.0.1:8080");
        RenderedFile f = renderer.render(template, m);
        assertTrue(f.content().contains("ai1") || f.content().contains("52:54:00:60:00:01"), f.content());
        if (template.endsWith("/user-data") && Files.isExecutable(Path.of("/usr/bin/cloud-init"))) {
            Path userData = dir.resolve("bare-user-data");
            Files.writeString(userData, f.content());
            Process p = new ProcessBuilder("cloud-init", "schema", "--config-file", userData.toString()).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertEquals(0, p.waitFor(), out);
        }
    }
}
