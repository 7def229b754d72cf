package io.kiln.templates.internal;

import static io.kiln.templates.internal.Fixtures.dhcpHost;
import static io.kiln.templates.internal.Fixtures.staticHost;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.yaml.snakeyaml.Yaml;

/**
 * The host's driver plan ({@code drivers.packages}, {@code .modules}, {@code .kernel_args}) in every install method's
 * file, and every file unchanged without one. The real tools (RealToolsValidationTest) check gpu-01's files, which
 * carry the plan, and edge-01's and edge-02's, which do not.
 */
class DriverPlanTemplatesTest {
    private final FreemarkerTemplateRenderer renderer = new FreemarkerTemplateRenderer(Path.of("/nonexistent/kiln/templates"));

    private String render(String template, Map<String, Object> vars) {
        return renderer.render(template, vars).content();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> yaml(String s) {
        return (Map<String, Object>) new Yaml().load(s);
    }

    @Test
    @SuppressWarnings("unchecked")
    void cloudInitInstallsThePackagesLoadsTheModulesAndSetsTheKernelArguments() {
        String out = render("cloud-init/user-data", Fixtures.gpuHost("cloud-init"));
        Map<String, Object> y = yaml(out);
        assertEquals(List.of("curl", "htop", "jq", "nvidia-driver-580-server-open", "nvidia-fabricmanager-580"), y.get("packages"));
        List<Map<String, Object>> files = (List<Map<String, Object>>) y.get("write_files");
        Map<String, Object> modules = files.stream().filter(f -> f.get("path").equals("/etc/modules-load.d/kiln-drivers.conf")).findFirst().orElseThrow();
        assertEquals("# Kiln: modules the host's PCI devices need (kiln:drivers-explain)\nnvidia\nnvidia_uvm\nmlx5_core\nice\n", modules.get("content"));
        Map<String, Object> grub = files.stream().filter(f -> f.get("path").equals("/etc/default/grub.d/99-kiln-drivers.cfg")).findFirst().orElseThrow();
        assertTrue(((String) grub.get("content")).contains(
                "GRUB_CMDLINE_LINUX_DEFAULT=\"$GRUB_CMDLINE_LINUX_DEFAULT rd.driver.blacklist=nouveau modprobe.blacklist=nouveau\""), out);
        List<Object> runcmd = (List<Object>) y.get("runcmd");
        assertEquals(List.of("sh", "-c", "if command -v update-grub >/dev/null 2>&1; then update-grub; fi"), runcmd.get(0));
        assertEquals(List.of("/usr/local/sbin/kiln-phone-home"), runcmd.get(runcmd.size() - 1), "phone home stays last");
    }

    @Test
    @SuppressWarnings("unchecked")
    void autoinstallInstallsThePackagesAndWritesModulesAndGrubInTheTarget() {
        Map<String, Object> a = (Map<String, Object>) yaml(render("autoinstall/user-data", Fixtures.gpuHost("autoinstall"))).get("autoinstall");
        assertEquals(List.of("curl", "htop", "jq", "nvidia-driver-580-server-open", "nvidia-fabricmanager-580"), a.get("packages"));
        List<String> late = (List<String>) a.get("late-commands");
        assertTrue(late.contains("curtin in-target -- sh -c 'printf '\\''%s\\n'\\'' '\\''nvidia'\\'' '\\''nvidia_uvm'\\'' '\\''mlx5_core'\\'' '\\''ice'\\'' > /etc/modules-load.d/kiln-drivers.conf'"), late.toString());
        assertTrue(late.stream().anyMatch(l -> l.contains("rd.driver.blacklist=nouveau modprobe.blacklist=nouveau") && l.endsWith("/etc/default/grub.d/99-kiln-drivers.cfg && update-grub'")), late.toString());
    }

    @Test
    void kickstartHasThePackagesTheBootloaderArgumentsAndTheModules() {
        String ks = render("kickstart/ks.cfg", Fixtures.gpuHost("kickstart"));
        assertTrue(ks.contains("bootloader --timeout=3 --append='rd.driver.blacklist=nouveau modprobe.blacklist=nouveau'\n"), ks);
        assertTrue(ks.contains("curl\nhtop\njq\nnvidia-driver-580-server-open\nnvidia-fabricmanager-580\n%end\n"), ks);
        assertTrue(ks.contains("printf '%s\\n' 'nvidia' 'nvidia_uvm' 'mlx5_core' 'ice' > /etc/modules-load.d/kiln-drivers.conf\n"), ks);
    }

    @Test
    void preseedIncludesThePackagesAddsTheKernelOptionsAndWritesTheModules() {
        String p = render("preseed/preseed.cfg", Fixtures.gpuHost("preseed"));
        assertTrue(p.contains("d-i pkgsel/include string curl sudo openssh-server chrony htop jq nvidia-driver-580-server-open nvidia-fabricmanager-580\n"), p);
        assertTrue(p.contains("d-i debian-installer/add-kernel-opts string rd.driver.blacklist=nouveau modprobe.blacklist=nouveau\n"), p);
        assertTrue(p.contains("/etc/modules-load.d/kiln-drivers.conf"), p);
    }

    @ParameterizedTest(name = "{0} without a plan")
    @ValueSource(strings = {"cloud-init/user-data", "autoinstall/user-data", "kickstart/ks.cfg", "preseed/preseed.cfg"})
    void withoutAPlanNothingOfItAppears(String template) {
        String method = template.startsWith("cloud-init") ? "cloud-init" : template.substring(0, template.indexOf('/'));
        String out = render(template, dhcpHost(method));
        assertFalse(out.contains("kiln-drivers") || out.contains("add-kernel-opts") || out.contains("--append"), out);
        Map<String, Object> empty = staticHost(method);
        empty.put("drivers", Fixtures.map("packages", List.of(), "modules", List.of(), "kernel_args", List.of(), "firmware_files", List.of()));
        String none = render(template, empty);
        assertFalse(none.contains("kiln-drivers") || none.contains("add-kernel-opts") || none.contains("--append"), none);
    }
}
