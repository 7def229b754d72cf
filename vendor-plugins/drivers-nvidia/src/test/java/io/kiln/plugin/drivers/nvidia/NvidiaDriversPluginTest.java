package io.kiln.plugin.drivers.nvidia;

import io.kiln.plugin.drivers.common.DriverTable;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kiln.spi.vendor.DriverSelection;
import io.kiln.spi.vendor.PciDevice;
import io.kiln.spi.vendor.TargetOs;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class NvidiaDriversPluginTest {
    final NvidiaDriversPlugin plugin = new NvidiaDriversPlugin();

    static PciDevice dev(String id, String slot) {
        return new PciDevice("10de", id, null, null, null, slot, null);
    }

    static List<PciDevice> devs(String ids) {
        return Arrays.stream(ids.split(" ")).map(i -> dev(i, null)).toList();
    }

    @Test
    void namesItselfAndItsVendor() {
        assertEquals("drivers-nvidia", plugin.name());
        assertEquals(Set.of("10de"), plugin.pciVendors());
    }

    @ParameterizedTest(name = "{0} on {1}")
    @CsvSource(delimiter = '|', value = {
            "2330      | ubuntu | nvidia-driver-580-server-open",                                  // H100 SXM5: open
            "1eb8      | ubuntu | nvidia-driver-580-server-open",                                  // T4 (Turing): open
            "1db4      | ubuntu | nvidia-driver-580-server",                                       // V100 (Volta): proprietary
            "1db4 1eb8 | ubuntu | nvidia-driver-580-server",                                       // a Volta among them: all proprietary
            "20b2 1af1 | ubuntu | nvidia-driver-580-server-open nvidia-fabricmanager-580 libnvidia-nscq-580", // HGX A100 with NVSwitch
            "2236      | debian | nvidia-open-kernel-dkms nvidia-driver",                          // A10
            "1db5      | debian | nvidia-kernel-dkms nvidia-driver",
            "26b5      | rhel   | @nvidia-driver:580-open",                                        // L40
            "27b8      | rocky  | @nvidia-driver:580-open",                                        // L4, a RHEL clone
            "1df6      | rhel   | @nvidia-driver:580-dkms",                                        // V100S
            "2331 1af1 | rhel   | @nvidia-driver:580-open nvidia-fabric-manager"})
    void packagesFollowTheGpusAndTheOsFamily(String ids, String family, String packages) {
        DriverSelection s = plugin.select(devs(ids), new TargetOs(family, null, null));
        assertEquals(List.of(packages.split(" ")), s.packages(), s.reasons().toString());
        assertEquals(List.of("nvidia", "nvidia_uvm", "nvidia_modeset"), s.modules());
        assertEquals(List.of("rd.driver.blacklist=nouveau", "modprobe.blacklist=nouveau"), s.kernelArgs());
    }

    @Test
    void eachDeviceHasOneReasonLineStartingWithItsKeyAndRuleAndEndingWithItsSources() {
        DriverSelection s = plugin.select(List.of(dev("2330", "0000:3b:00.0"), dev("1af1", "0000:c0:00.0")), new TargetOs("ubuntu", "24.04", null));
        String gpu = s.reasons().get(0);
        assertTrue(gpu.startsWith("10de:2330@0000:3b:00.0 hopper: GH100[H100 SXM5 80GB]: Hopper, branch 580, open kernel modules supported"), gpu);
        assertTrue(gpu.contains("[nvidia-modules: https://docs.nvidia.com/datacenter/tesla/driver-installation-guide/kernel-modules.html;"), gpu);
        assertTrue(gpu.contains("in-box nouveau kept off"), gpu);
        assertTrue(s.reasons().get(1).startsWith("10de:1af1@0000:c0:00.0 nvswitch: GA100 [A100 NVSwitch]: NVSwitch, fabric manager"), s.reasons().get(1));
    }

    @Test
    void debianFollowsItsOwnBranchAndHasNoFabricManagerPackageAndSaysSo() {
        DriverSelection s = plugin.select(devs("20b2 1af1"), new TargetOs("debian", "12", null));
        assertEquals(List.of("nvidia-open-kernel-dkms", "nvidia-driver"), s.packages());
        assertTrue(s.reasons().get(s.reasons().size() - 1).contains("fabric manager is not packaged by Debian"), s.reasons().toString());
    }

    @Test
    void unknownDevicesSelectNothingAndSayWhy() {
        DriverSelection s = plugin.select(List.of(dev("2204", "0000:01:00.0")), new TargetOs("ubuntu", "24.04", null)); // GeForce RTX 3090
        assertTrue(s.packages().isEmpty());
        assertTrue(s.modules().isEmpty());
        assertTrue(s.kernelArgs().isEmpty());
        assertTrue(s.reasons().get(0).startsWith("10de:2204@0000:01:00.0 none: not a data-center GPU"), s.reasons().get(0));
    }

    @Test
    void anUnknownOsGetsModulesAndArgumentsButNoPackagesAndSaysSo() {
        DriverSelection s = plugin.select(devs("2330"), new TargetOs(null, null, null));
        assertTrue(s.packages().isEmpty());
        assertFalse(s.modules().isEmpty());
        assertTrue(s.reasons().get(1).startsWith("packages: none: target OS unknown"), s.reasons().toString());
    }

    @Test
    void theTableNamesEveryGpuTheIssueListsThatPciIdsKnows() {
        DriverTable t = DriverTable.load(NvidiaDriversPlugin.class, "drivers.tsv");
        // V100, T4, A10, A30, A100 40/80GB, H100 SXM5 and PCIe, L4, L40, A100 NVSwitch
        for (String id : List.of("1db1", "1eb8", "2236", "20b7", "20b0", "20b2", "2330", "2331", "27b8", "26b5", "1af1")) {
            assertTrue(t.devices.containsKey("10de:" + id), id);
        }
        assertTrue(t.header.stream().anyMatch(h -> h.contains("hwdata 0.368-1") && h.contains("linux-image-6.1.0-57-amd64 6.1.192-3")), t.header.toString());
        for (var r : t.rules.values()) for (String k : DriverTable.list(r.get("source"))) assertTrue(t.sources.containsKey(k), k);
    }
}
