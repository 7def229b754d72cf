package io.kiln.boot.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kiln.api.KilnException;
import io.kiln.api.hardware.DeviceDriver;
import io.kiln.api.hardware.DriverPlan;
import io.kiln.api.hardware.HardwareService;
import io.kiln.api.inventory.BootProfile;
import io.kiln.api.inventory.Host;
import io.kiln.api.inventory.InstallMethod;
import io.kiln.api.inventory.ResolvedVariable;
import io.kiln.api.inventory.Role;
import io.kiln.api.inventory.Site;
import io.kiln.api.inventory.SiteNetwork;
import io.kiln.templates.internal.FreemarkerTemplateRenderer;
import java.lang.reflect.Proxy;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.eclipse.jetty.servlet.ServletContextHandler;
import org.eclipse.jetty.servlet.ServletHolder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The host's driver plan in its served files (HTTP, embedded Jetty, the real renderer): packages, modules and kernel
 * arguments in the autoinstall, kickstart and preseed files, {@code /drivers/<host>/modules}, and every file still
 * served when the hardware service is absent or fails.
 */
class DriverPlanFilesTest {
    static LoopbackJetty server;
    static String base;
    static ProvisioningConfigServlet servlet;
    static final Timeline timeline = new Timeline();
    static ProvisioningFilesImpl checks;
    static final HttpClient http = HttpClient.newHttpClient();

    static final DriverPlan PLAN = new DriverPlan("gpu-1", "ubuntu", null, "profile 'ubuntu' installs with autoinstall",
            List.of(new DeviceDriver("0000:3b:00.0", "10de", "2330", "GH100[H100 SXM5 80GB]", "drivers-nvidia", "hopper", "open kernel modules", "nvidia-modules")),
            List.of("nvidia-driver-580-server-open", "chrony", "bad;rm -rf /"), List.of("nvidia", "nvidia_uvm"),
            List.of("rd.driver.blacklist=nouveau", "modprobe.blacklist=nouveau"), List.of(), List.of(), List.of());

    static HardwareService hardware(Function<String, DriverPlan> drivers) {
        return (HardwareService) Proxy.newProxyInstance(HardwareService.class.getClassLoader(), new Class<?>[] {HardwareService.class},
                (p, m, a) -> {
                    if (m.getName().equals("drivers")) return drivers.apply((String) a[0]);
                    throw new UnsupportedOperationException(m.getName());
                });
    }

    static BootProfile profile(String name, InstallMethod install) {
        return new BootProfile(name, "k/vmlinuz", List.of("k/initrd"), "", "", null, install, Map.of());
    }

    @BeforeAll
    static void start() throws Exception {
        List<ResolvedVariable> vars = List.of(ProvisioningVariablesTest.rv("domain", "dc1.example"));
        MemoryInventory inventory = new MemoryInventory()
                .with(new Site("dc1", null, Map.of(), List.of(new SiteNetwork("10.9.0.0/24", "10.9.0.1", List.of(), null)), null))
                .with(profile("ubuntu", InstallMethod.AUTOINSTALL)).with(profile("rhel", InstallMethod.KICKSTART)).with(profile("debian", InstallMethod.PRESEED))
                .with(new Role("gpu", null, null, List.of("chrony"), null, Map.of()))
                .with(new Host("gpu-1", List.of("52:54:00:09:00:01"), null, null, "ubuntu", null, null, Map.of(), "dc1", "gpu", null, null, null, null, null, null))
                .with(new Host("gpu-2", List.of("52:54:00:09:00:02"), null, null, "rhel", null, null, Map.of(), "dc1", "gpu", null, null, null, null, null, null))
                .with(new Host("gpu-3", List.of("52:54:00:09:00:03"), null, null, "debian", null, null, Map.of(), "dc1", "gpu", null, null, null, null, null, null));
        for (String h : List.of("gpu-1", "gpu-2", "gpu-3")) inventory.withVariables(h, vars);
        FreemarkerTemplateRenderer renderer = new FreemarkerTemplateRenderer(Map.of("templateDir", Path.of("/nonexistent/kiln").toString()));
        servlet = new ProvisioningConfigServlet(inventory, renderer);
        servlet.timeline = timeline;
        checks = new ProvisioningFilesImpl(inventory, renderer);
        server = new LoopbackJetty();
        ServletContextHandler ctx = server.context;
        ServletHolder files = new ServletHolder("kiln-provisioning-configs", servlet);
        for (String path : List.of("/cloud-init/*", "/autoinstall/*", "/kickstart/*", "/preseed/*", "/drivers/*")) ctx.addServlet(files, path);
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
    void thePlanReachesEveryInstallMethodsFileAndUnsafeWordsDoNot() throws Exception {
        servlet.hardware = hardware(h -> PLAN);
        String ai = ok("/autoinstall/gpu-1/user-data");
        assertTrue(ai.contains("  packages: [\"curl\", \"chrony\", \"nvidia-driver-580-server-open\"]\n"), ai);
        assertTrue(ai.contains("/etc/modules-load.d/kiln-drivers.conf"), ai);
        assertTrue(ai.contains("rd.driver.blacklist=nouveau modprobe.blacklist=nouveau"), ai);
        assertFalse(ai.contains("rm -rf"), "a word that is no package name never reaches the file");
        String ks = ok("/kickstart/gpu-2/ks.cfg");
        assertTrue(ks.contains("bootloader --timeout=3 --append='rd.driver.blacklist=nouveau modprobe.blacklist=nouveau'"), ks);
        assertTrue(ks.contains("\nnvidia-driver-580-server-open\n%end"), ks);
        String ps = ok("/preseed/gpu-3/preseed.cfg");
        assertTrue(ps.contains("d-i debian-installer/add-kernel-opts string rd.driver.blacklist=nouveau modprobe.blacklist=nouveau\n"), ps);
        assertTrue(ps.contains("chrony nvidia-driver-580-server-open\n"), "chrony once: the role lists it already");
        assertEquals("nvidia\nnvidia_uvm\n", ok("/drivers/gpu-1/modules"));
        assertTrue(timeline.of("gpu-1").contains("gpu-1 config-served /drivers/gpu-1/modules (2 kernel modules of the driver plan), to 127.0.0.1"),
                timeline.of("gpu-1").toString());
        assertEquals(404, get("/drivers/nope/modules").statusCode());
        assertEquals(404, get("/drivers/gpu-1/packages").statusCode());
        checks.hardware = servlet.hardware;
        assertTrue(checks.check("gpu-1").stream().allMatch(c -> c.ok()), checks.check("gpu-1").toString());
    }

    @Test
    void withoutTheHardwareServiceOrWhenItFailsTheFilesAreServedWithoutAPlan() throws Exception {
        servlet.hardware = null;
        String ai = ok("/autoinstall/gpu-1/user-data");
        assertFalse(ai.contains("kiln-drivers") || ai.contains("nvidia"), ai);
        assertEquals("", ok("/drivers/gpu-1/modules"));
        servlet.hardware = hardware(h -> {
            throw new KilnException(KilnException.Kind.UNAVAILABLE, "registry stopping", null);
        });
        assertFalse(ok("/kickstart/gpu-2/ks.cfg").contains("--append"));
        servlet.hardware = hardware(h -> DriverPlan.empty(h));
        assertFalse(ok("/preseed/gpu-3/preseed.cfg").contains("add-kernel-opts"));
    }
}
