package io.kiln.plugins.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kiln.api.KilnException;
import io.kiln.api.hardware.DeviceDriver;
import io.kiln.api.hardware.DriverPlan;
import io.kiln.api.hardware.PciEntry;
import io.kiln.api.inventory.BootProfile;
import io.kiln.api.inventory.InstallMethod;
import io.kiln.api.inventory.ResolvedVariable;
import io.kiln.spi.vendor.DriverSelection;
import io.kiln.spi.vendor.DriverSelectionInterface;
import io.kiln.spi.vendor.PciDevice;
import io.kiln.spi.vendor.TargetOs;
import io.kiln.spi.vendor.VendorPlugin;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DriverPlannerTest {
    /** A driver-selection plugin for one vendor whose answer a test sets; it records what it was given. */
    static final class DriverPlugin implements VendorPlugin, DriverSelectionInterface {
        final String name, vendor;
        final List<List<PciDevice>> given = new CopyOnWriteArrayList<>();
        volatile TargetOs os;
        volatile Answer answer;

        DriverPlugin(String name, String vendor) {
            this.name = name;
            this.vendor = vendor;
            this.answer = devices -> new DriverSelection(List.of("pkg-" + vendor), List.of("mod_" + vendor), List.of("arg=" + vendor), List.of(),
                    devices.stream().map(d -> d.vendorId() + ":" + d.deviceId() + (d.slot() == null ? "" : "@" + d.slot()) + " r" + vendor
                            + ": Device " + d.deviceId() + ": selected [doc-" + vendor + "]").toList());
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public Set<String> pciVendors() {
            return Set.of(vendor);
        }

        @Override
        public DriverSelection select(List<PciDevice> devices, TargetOs target) throws io.kiln.spi.vendor.PluginException {
            given.add(devices);
            os = target;
            return answer.select(devices);
        }

        interface Answer {
            DriverSelection select(List<PciDevice> devices) throws io.kiln.spi.vendor.PluginException;
        }
    }

    final Hosts hosts = new Hosts().add("n1", null, null).pci("n1", "10de:2330@0000:3b:00.0 15b3:101d@0000:5e:00.0 8086:1593 1af4:1000@00:03.0");
    final CountDownLatch release = new CountDownLatch(1);
    final HardwareServiceImpl registry;
    long ids;

    DriverPlannerTest(@TempDir Path data) {
        registry = new HardwareServiceImpl(hosts.inventory, new EncryptedCredentialStore(data), new HashMap<>(Map.of("callTimeoutSeconds", "1")));
    }

    void deploy(VendorPlugin p) {
        long id = ++ids;
        registry.added(p, new PluginOrigin("test." + p.name(), "1.0.0", id, ""));
    }

    @AfterEach
    void tearDown() {
        release.countDown();
        registry.deactivate();
    }

    @Test
    void eachPluginGetsOnlyItsVendorsDevicesAndThePlanMergesTheirAnswers() {
        DriverPlugin nv = new DriverPlugin("drivers-nv", "10de"), mlx = new DriverPlugin("drivers-mlx", "15b3");
        deploy(nv);
        deploy(mlx);
        DriverPlan plan = registry.drivers("n1");
        assertEquals(List.of(List.of(new PciDevice("10de", "2330", null, null, null, "0000:3b:00.0", null))), nv.given);
        assertEquals("101d", mlx.given.get(0).get(0).deviceId());
        assertEquals(List.of("pkg-10de", "pkg-15b3"), plan.packages());
        assertEquals(List.of("mod_10de", "mod_15b3"), plan.modules());
        assertEquals(List.of("arg=10de", "arg=15b3"), plan.kernelArgs());
        DeviceDriver gpu = plan.devices().get(0);
        assertEquals(new DeviceDriver("0000:3b:00.0", "10de", "2330", "Device 2330", "drivers-nv", "r10de", "selected", "doc-10de"), gpu);
        DeviceDriver intel = plan.devices().get(2);
        assertNull(intel.plugin());
        assertEquals("no deployed plugin selects drivers for PCI vendor 8086", intel.why());
        assertEquals(4, plan.devices().size(), "every device of the fact, served or not");
        assertTrue(plan.problems().isEmpty(), plan.problems().toString());
    }

    @Test
    void aThrowingPluginIsAProblemOfThePlanAndTheOthersStillCount() {
        DriverPlugin nv = new DriverPlugin("drivers-nv", "10de"), mlx = new DriverPlugin("drivers-mlx", "15b3");
        nv.answer = d -> {
            throw new IllegalStateException("table missing");
        };
        deploy(nv);
        deploy(mlx);
        DriverPlan plan = registry.drivers("n1");
        assertEquals(List.of("plugin 'drivers-nv' failed driver selection for host 'n1': IllegalStateException: table missing (a fault in the plugin)"), plan.problems());
        assertEquals(List.of("pkg-15b3"), plan.packages());
        assertEquals("drivers-nv", plan.devices().get(0).plugin());
        assertTrue(plan.devices().get(0).why().contains("the plugin failed"));
    }

    @Test
    void aPluginThatHangsTimesOutIntoAProblem() {
        DriverPlugin nv = new DriverPlugin("drivers-nv", "10de");
        nv.answer = d -> {
            TestPlugin.hang(release);
            return null;
        };
        deploy(nv);
        DriverPlan plan = registry.drivers("n1");
        assertEquals(List.of("plugin 'drivers-nv' failed driver selection for host 'n1': no answer within 1 s (callTimeoutSeconds in etc/io.kiln.plugins.cfg)"),
                plan.problems());
        assertTrue(plan.packages().isEmpty());
    }

    @Test
    void noPluginsNoFactOrABadFactGiveAPlanNotAnException() {
        assertTrue(registry.drivers("n1").packages().isEmpty());
        assertEquals(4, registry.drivers("n1").devices().size());
        hosts.add("bare", null, null);
        assertEquals(DriverPlan.empty("bare").devices(), registry.drivers("bare").devices());
        hosts.pci("bare", "10de:23");
        assertEquals(List.of("hardware fact 'pci': PCI entry '10de:23' is not vvvv:dddd[@slot] (e.g. 10de:2330@0000:3b:00.0)"), registry.drivers("bare").problems());
        assertEquals(KilnException.Kind.NOT_FOUND, assertThrows(KilnException.class, () -> registry.drivers("nope")).kind());
    }

    @Test
    void theTargetOsComesFromTheVariablesElseTheInstallMethod() {
        BootProfile ks = new BootProfile("rhel-9", "k", List.of(), "", "", null, InstallMethod.KICKSTART, null);
        BootProfile img = new BootProfile("img", "k", List.of(), "", "", null, InstallMethod.IMAGE, null);
        assertArrayEquals(new String[] {"rhel", null, "profile 'rhel-9' installs with kickstart"}, DriverPlanner.targetOs(List.of(), ks));
        assertEquals("debian", DriverPlanner.targetOs(List.of(), new BootProfile("d", "k", List.of(), "", "", null, InstallMethod.PRESEED, null))[0]);
        assertEquals("ubuntu", DriverPlanner.targetOs(List.of(), new BootProfile("u", "k", List.of(), "", "", null, InstallMethod.AUTOINSTALL, null))[0]);
        assertNull(DriverPlanner.targetOs(List.of(), img)[0]);
        assertTrue(DriverPlanner.targetOs(List.of(), img)[2].contains("set variable os.family"));
        List<ResolvedVariable> vars = List.of(new ResolvedVariable("os.family", "Ubuntu", ResolvedVariable.Source.ROLE, "gpu", null),
                new ResolvedVariable("os.version", "24.04", ResolvedVariable.Source.ROLE, "gpu", null));
        assertArrayEquals(new String[] {"ubuntu", "24.04", "variable os.family"}, DriverPlanner.targetOs(vars, img));
    }

    @Test
    void pciFactsParseOneWay() {
        assertEquals(List.of(new PciEntry("10de", "2330", "0000:3b:00.0"), new PciEntry("8086", "1593", null), new PciEntry("1af4", "1000", "00:03.0")),
                PciEntry.parse(" 10DE:2330@0000:3B:00.0  8086:1593,1af4:1000@00:03.0 "));
        assertEquals("10de:2330@0000:3b:00.0 8086:1593", PciEntry.format(PciEntry.parse("10de:2330@0000:3b:00.0 8086:1593")));
        assertTrue(PciEntry.parse(null).isEmpty());
        assertThrows(KilnException.class, () -> PciEntry.parse("10de:2330@3b"));
    }
}
