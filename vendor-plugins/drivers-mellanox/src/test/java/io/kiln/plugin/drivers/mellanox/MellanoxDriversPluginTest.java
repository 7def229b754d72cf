package io.kiln.plugin.drivers.mellanox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kiln.spi.vendor.DriverSelection;
import io.kiln.spi.vendor.PciDevice;
import io.kiln.spi.vendor.TargetOs;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MellanoxDriversPluginTest {
    final MellanoxDriversPlugin plugin = new MellanoxDriversPlugin();

    static PciDevice dev(String id, String slot) {
        return new PciDevice("15b3", id, null, null, null, slot, null);
    }

    @Test
    void namesItselfAndItsVendor() {
        assertEquals("drivers-mellanox", plugin.name());
        assertEquals(Set.of("15b3"), plugin.pciVendors());
    }

    @ParameterizedTest(name = "{0} on {1}")
    @CsvSource(delimiter = '|', value = {
            "1013 | debian | rdma-core ibverbs-providers mstflint | ConnectX-4",
            "1017 | ubuntu | rdma-core ibverbs-providers mstflint | ConnectX-5",
            "101b | rhel   | rdma-core libibverbs mstflint        | ConnectX-6",
            "101d | almalinux | rdma-core libibverbs mstflint     | ConnectX-6 Dx",
            "1021 | ubuntu | rdma-core ibverbs-providers mstflint | ConnectX-7",
            "a2dc | debian | rdma-core ibverbs-providers mstflint | BlueField-3"})
    void everyConnectXAndBlueFieldGetsMlx5AndTheFamilysRdmaAndFirmwareTools(String id, String family, String packages, String name) {
        DriverSelection s = plugin.select(List.of(dev(id, "0000:5e:00.0")), new TargetOs(family, null, null));
        assertEquals(List.of(packages.split(" ")), s.packages());
        assertEquals(List.of("mlx5_core", "mlx5_ib"), s.modules());
        assertTrue(s.kernelArgs().isEmpty());
        String why = s.reasons().get(0);
        assertTrue(why.startsWith("15b3:" + id + "@0000:5e:00.0 mlx5: ") && why.contains(name) && why.contains("modules.alias: Debian linux-image-6.1.0-57-amd64"), why);
    }

    @Test
    void twoPortsAddEachModuleAndPackageOnce() {
        DriverSelection s = plugin.select(List.of(dev("101d", "0000:5e:00.0"), dev("101d", "0000:5e:00.1")), new TargetOs("ubuntu", "24.04", null));
        assertEquals(List.of("mlx5_core", "mlx5_ib"), s.modules());
        assertEquals(3, s.packages().size());
        assertEquals(2, s.reasons().size());
    }

    @Test
    void connectX3IsNotMlx5AndSelectsNothing() {
        DriverSelection s = plugin.select(List.of(dev("1007", null)), new TargetOs("ubuntu", "24.04", null)); // ConnectX-3 Pro: mlx4
        assertTrue(s.modules().isEmpty() && s.packages().isEmpty());
        assertTrue(s.reasons().get(0).startsWith("15b3:1007 none: "), s.reasons().get(0));
    }

    @Test
    void anUnknownOsGetsTheModulesOnlyAndSaysSo() {
        DriverSelection s = plugin.select(List.of(dev("1021", null)), new TargetOs(null, null, null));
        assertEquals(List.of("mlx5_core", "mlx5_ib"), s.modules());
        assertTrue(s.packages().isEmpty());
        assertTrue(s.reasons().get(1).contains("target OS unknown"), s.reasons().toString());
    }
}
