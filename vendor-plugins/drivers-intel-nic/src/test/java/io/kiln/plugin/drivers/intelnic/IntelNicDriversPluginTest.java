package io.kiln.plugin.drivers.intelnic;

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

class IntelNicDriversPluginTest {
    final IntelNicDriversPlugin plugin = new IntelNicDriversPlugin();

    static PciDevice dev(String id) {
        return new PciDevice("8086", id, null, null, null, "0000:18:00.0", null);
    }

    @Test
    void namesItselfAndItsVendor() {
        assertEquals("drivers-intel-nic", plugin.name());
        assertEquals(Set.of("8086"), plugin.pciVendors());
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "1593 | ice   | E810-C for SFP",
            "159b | ice   | E810-XXV for SFP",
            "1572 | i40e  | X710 for 10GbE SFP+",
            "1583 | i40e  | XL710 for 40GbE QSFP+",
            "158b | i40e  | XXV710 for 25GbE SFP28",
            "37d2 | i40e  | X722 for 10GBASE-T",
            "10fb | ixgbe | 82599ES 10-Gigabit SFI/SFP+",
            "1528 | ixgbe | X540-AT2",
            "1563 | ixgbe | X550",
            "15f3 | igc   | I225-V",
            "125b | igc   | I226-LM"})
    void eachFamilyGetsItsModule(String id, String module, String name) {
        DriverSelection s = plugin.select(List.of(dev(id)), new TargetOs("ubuntu", "24.04", null));
        assertEquals(List.of(module), s.modules());
        String why = s.reasons().get(0);
        assertTrue(why.startsWith("8086:" + id + "@0000:18:00.0 " + module + ": ") && why.contains(name), why);
    }

    @ParameterizedTest(name = "E810 on {0}")
    @CsvSource({"debian, firmware-misc-nonfree", "ubuntu, linux-firmware", "rhel, linux-firmware", "centos, linux-firmware"})
    void iceNeedsItsDdpPackageFromTheFamilysFirmwarePackage(String family, String pkg) {
        DriverSelection s = plugin.select(List.of(dev("1592")), new TargetOs(family, null, null));
        assertEquals(List.of("intel/ice/ddp/ice.pkg"), s.firmwareFiles());
        assertEquals(List.of(pkg), s.packages());
    }

    @Test
    void i40eNeedsNoFirmwareFileOrPackage() {
        DriverSelection s = plugin.select(List.of(dev("1572")), new TargetOs("debian", "12", null));
        assertTrue(s.firmwareFiles().isEmpty() && s.packages().isEmpty());
    }

    @Test
    void aDeviceNoneOfTheModulesClaimsSelectsNothing() {
        DriverSelection s = plugin.select(List.of(dev("10d3")), new TargetOs("debian", "12", null)); // 82574L: e1000e
        assertTrue(s.modules().isEmpty());
        assertTrue(s.reasons().get(0).startsWith("8086:10d3@0000:18:00.0 none: "), s.reasons().get(0));
    }

    @Test
    void anUnknownOsStillGetsModuleAndFirmwareFileButNoPackage() {
        DriverSelection s = plugin.select(List.of(dev("1593")), new TargetOs("flatcar", null, null));
        assertEquals(List.of("ice"), s.modules());
        assertTrue(s.packages().isEmpty());
        assertTrue(s.reasons().get(1).contains("target OS 'flatcar'"), s.reasons().toString());
    }
}
