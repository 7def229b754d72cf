package io.kiln.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kiln.api.KilnException;
import io.kiln.api.hardware.DeviceDriver;
import io.kiln.api.hardware.DriverPlan;
import io.kiln.api.hardware.HardwareService;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** kiln:drivers-explain prints what the service says; kiln:host-state --hardware sets and removes facts. */
class DriversCommandsTest {

    static HardwareService plan(DriverPlan p) {
        return (HardwareService) Proxy.newProxyInstance(HardwareService.class.getClassLoader(), new Class<?>[] {HardwareService.class}, (x, m, a) -> {
            if (!m.getName().equals("drivers")) throw new UnsupportedOperationException(m.getName());
            if (!a[0].equals(p.host())) throw KilnException.notFound("no host named '" + a[0] + "'");
            return p;
        });
    }

    static String printed(DriversExplainCommand c) {
        PrintStream old = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            c.run();
        } finally {
            System.setOut(old);
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void explainPrintsEachDeviceWithPluginRuleWhyAndSourceThenThePlan() {
        DriversExplainCommand c = new DriversExplainCommand();
        c.hardware = plan(new DriverPlan("gpu-1", "ubuntu", "24.04", "variable os.family",
                List.of(new DeviceDriver("0000:3b:00.0", "10de", "2330", "GH100[H100 SXM5 80GB]", "drivers-nvidia", "hopper", "Hopper, branch 580", "nvidia-modules: https://docs.nvidia.com/x"),
                        new DeviceDriver(null, "1af4", "1000", null, null, null, "no deployed plugin selects drivers for PCI vendor 1af4", null)),
                List.of("nvidia-driver-580-server-open"), List.of("nvidia", "nvidia_uvm"), List.of("modprobe.blacklist=nouveau"), List.of(),
                List.of("drivers-nvidia: packages for ubuntu: branch 580"), List.of("plugin 'drivers-mellanox' failed driver selection")));
        c.host = "gpu-1";
        assertEquals("""
                Host:      gpu-1
                Target OS: ubuntu 24.04 (variable os.family)
                10de:2330@0000:3b:00.0 GH100[H100 SXM5 80GB]
                  plugin: drivers-nvidia, rule hopper
                  why: Hopper, branch 580
                  source: nvidia-modules: https://docs.nvidia.com/x
                1af4:1000
                  plugin: none
                  why: no deployed plugin selects drivers for PCI vendor 1af4
                Packages:       nvidia-driver-580-server-open
                Modules:        nvidia nvidia_uvm
                Kernel args:    modprobe.blacklist=nouveau
                Firmware files: none
                note: drivers-nvidia: packages for ubuntu: branch 580
                problem: plugin 'drivers-mellanox' failed driver selection
                """, printed(c));
        c.host = "nope";
        assertEquals(KilnException.Kind.NOT_FOUND, assertThrows(KilnException.class, () -> printed(c)).kind());
        c.hardware = null;
        assertEquals(KilnException.Kind.UNAVAILABLE, assertThrows(KilnException.class, () -> printed(c)).kind());
    }

    @Test
    void hardwareFactsAreSetRemovedAndPciIsWrittenTheOneWay() {
        Map<String, String> now = Map.of("bmc.vendor", "Dell", "old", "x");
        assertEquals(Map.of("bmc.vendor", "Dell", "pci", "10de:2330@0000:3b:00.0 8086:1593"),
                HostStateCommand.facts(now, List.of("old=", "pci=10DE:2330@0000:3B:00.0,8086:1593")));
        assertThrows(KilnException.class, () -> HostStateCommand.facts(now, List.of("pci=10de")));
        assertThrows(KilnException.class, () -> HostStateCommand.facts(now, List.of("nokey")));
    }
}
