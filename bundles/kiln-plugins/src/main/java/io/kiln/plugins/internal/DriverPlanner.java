package io.kiln.plugins.internal;

import io.kiln.api.KilnException;
import io.kiln.api.hardware.DeviceDriver;
import io.kiln.api.hardware.DriverPlan;
import io.kiln.api.hardware.PciEntry;
import io.kiln.api.inventory.BootProfile;
import io.kiln.api.inventory.Host;
import io.kiln.api.inventory.HostContext;
import io.kiln.api.inventory.InstallMethod;
import io.kiln.api.inventory.ResolvedVariable;
import io.kiln.spi.vendor.DriverSelection;
import io.kiln.spi.vendor.DriverSelectionInterface;
import io.kiln.spi.vendor.PciDevice;
import io.kiln.spi.vendor.TargetOs;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A host's driver plan: its {@code pci} fact parsed ({@link PciEntry}), its devices grouped by the deployed
 * driver-selection plugin that names their vendor (the newest plugin of a vendor when several do), each plugin called
 * once with its devices only through its own threads and time limit, and the answers merged. A plugin's reason line
 * that starts with a device's {@code vvvv:dddd[@slot]} is that device's ({@code KEY RULE: WHAT [SOURCES]}); other
 * lines are notes of the plan.
 */
final class DriverPlanner {
    /** The host variables that name the target OS when the profile cannot tell (or tells wrong). */
    static final String OS_FAMILY = "os.family", OS_VERSION = "os.version";

    private final List<DeployedPlugin> plugins;
    private final Duration timeout;

    DriverPlanner(List<DeployedPlugin> plugins, Duration timeout) {
        this.plugins = plugins.stream().filter(p -> p.plugin() instanceof DriverSelectionInterface).sorted(DeployedPlugin::newerFirst).toList();
        this.timeout = timeout;
    }

    /** @param context the host's context, or null; @param profile the profile it boots, or null */
    DriverPlan plan(Host host, HostContext context, BootProfile profile) {
        List<String> problems = new ArrayList<>();
        List<PciEntry> entries;
        try {
            entries = PciEntry.parse(host.hardware().get(PciEntry.KEY));
        } catch (KilnException e) {
            return new DriverPlan(host.name(), null, null, null, List.of(), List.of(), List.of(), List.of(), List.of(), List.of(), List.of(e.getMessage()));
        }
        String[] os = targetOs(context == null ? List.of() : context.variables(), profile);
        TargetOs target = new TargetOs(os[0], os[1], null);

        // which plugin serves each vendor: the newest that names it
        Map<String, DeployedPlugin> byVendor = new LinkedHashMap<>();
        for (DeployedPlugin p : plugins) for (String v : p.pciVendors()) byVendor.putIfAbsent(v, p);
        Map<DeployedPlugin, List<PciEntry>> groups = new LinkedHashMap<>();
        for (PciEntry e : entries) {
            DeployedPlugin p = byVendor.get(e.vendorId());
            if (p != null) groups.computeIfAbsent(p, k -> new ArrayList<>()).add(e);
        }
        Map<PciEntry, DeviceDriver> perDevice = new LinkedHashMap<>();
        Set<String> packages = new LinkedHashSet<>(), modules = new LinkedHashSet<>(), args = new LinkedHashSet<>(), firmware = new LinkedHashSet<>();
        List<String> notes = new ArrayList<>();
        for (Map.Entry<DeployedPlugin, List<PciEntry>> g : groups.entrySet()) {
            DeployedPlugin p = g.getKey();
            List<PciDevice> devices = g.getValue().stream().map(e -> new PciDevice(e.vendorId(), e.deviceId(), null, null, null, e.slot(), null)).toList();
            DriverSelection s;
            try {
                DriverSelectionInterface d = (DriverSelectionInterface) p.plugin();
                s = p.calls().call(host.name(), "driver selection", timeout, () -> d.select(devices, target));
            } catch (KilnException e) {
                problems.add(e.getMessage());
                for (PciEntry en : g.getValue()) {
                    perDevice.put(en, new DeviceDriver(en.slot(), en.vendorId(), en.deviceId(), null, p.name(), null, "nothing selected: the plugin failed (see problems)", null));
                }
                continue;
            }
            packages.addAll(s.packages());
            modules.addAll(s.modules());
            args.addAll(s.kernelArgs());
            firmware.addAll(s.firmwareFiles());
            List<String> unclaimed = new ArrayList<>(s.reasons());
            // longest key first, so 10de:2330@0000:3b:00.0 takes its line before a bare 10de:2330 would
            for (PciEntry en : g.getValue().stream().sorted(Comparator.comparing((PciEntry x) -> x.toString().length()).reversed()).toList()) {
                String line = unclaimed.stream().filter(l -> l.startsWith(en + " ")).findFirst().orElse(null);
                if (line != null) unclaimed.remove(line);
                perDevice.put(en, device(en, p.name(), line));
            }
            for (String l : unclaimed) notes.add(p.name() + ": " + l);
        }
        List<DeviceDriver> devices = new ArrayList<>();
        for (PciEntry e : entries) {
            DeviceDriver d = perDevice.get(e);
            devices.add(d != null ? d : new DeviceDriver(e.slot(), e.vendorId(), e.deviceId(), null, null, null,
                    "no deployed plugin selects drivers for PCI vendor " + e.vendorId(), null));
        }
        return new DriverPlan(host.name(), os[0], os[1], os[2], devices, List.copyOf(packages), List.copyOf(modules), List.copyOf(args),
                List.copyOf(firmware), notes, problems);
    }

    /** A device's reason line {@code KEY RULE: NAME: WHAT [SOURCES]} taken apart (what cannot be parsed stays whole in why). */
    static DeviceDriver device(PciEntry e, String plugin, String line) {
        if (line == null) return new DeviceDriver(e.slot(), e.vendorId(), e.deviceId(), null, plugin, null, "the plugin said nothing about it", null);
        String rest = line.substring(e.toString().length()).trim();
        int colon = rest.indexOf(": ");
        String rule = colon > 0 && !rest.substring(0, colon).contains(" ") ? rest.substring(0, colon) : null;
        String what = rule == null ? rest : rest.substring(colon + 2);
        String source = null;
        int open = what.lastIndexOf(" [");
        if (open >= 0 && what.endsWith("]")) {
            source = what.substring(open + 2, what.length() - 1);
            what = what.substring(0, open);
        }
        String name = null;
        int sep = what.indexOf(": ");
        if (rule != null && !"none".equals(rule) && sep > 0) {
            name = what.substring(0, sep);
            what = what.substring(sep + 2);
        }
        return new DeviceDriver(e.slot(), e.vendorId(), e.deviceId(), name, plugin, rule, what, source);
    }

    /**
     * The target OS: variables {@code os.family} / {@code os.version} (host > cluster > role > site > global) when
     * set, else the family the profile's install method installs (autoinstall: ubuntu, kickstart: rhel, preseed:
     * debian; an image: unknown). Returns {family or null, version or null, how it was found}.
     */
    static String[] targetOs(List<ResolvedVariable> variables, BootProfile profile) {
        Map<String, ResolvedVariable> v = new LinkedHashMap<>();
        for (ResolvedVariable r : variables) v.put(r.name(), r);
        String version = v.containsKey(OS_VERSION) ? v.get(OS_VERSION).value().trim() : null;
        if (v.containsKey(OS_FAMILY) && !v.get(OS_FAMILY).value().isBlank()) {
            return new String[] {v.get(OS_FAMILY).value().trim().toLowerCase(java.util.Locale.ROOT), version, "variable os.family"};
        }
        if (profile == null) return new String[] {null, version, "unknown: the host boots no profile and variable os.family is not set"};
        String family = profile.install() == InstallMethod.AUTOINSTALL ? "ubuntu" : profile.install() == InstallMethod.KICKSTART ? "rhel"
                : profile.install() == InstallMethod.PRESEED ? "debian" : null;
        if (family == null) return new String[] {null, version, "unknown: profile '" + profile.name() + "' writes an image; set variable os.family"};
        return new String[] {family, version, "profile '" + profile.name() + "' installs with " + profile.install().name().toLowerCase(java.util.Locale.ROOT)};
    }
}
