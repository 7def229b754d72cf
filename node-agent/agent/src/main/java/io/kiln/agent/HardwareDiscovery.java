package io.kiln.agent;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads the machine's hardware from sysfs and procfs under a root directory ({@code /} on a real machine, a
 * captured tree in tests) into the facts of PROTOCOL.md. Missing or unreadable values are left out, never empty.
 */
final class HardwareDiscovery {
    private static final List<String> NOT_DISKS = List.of("loop", "ram", "zram", "sr", "dm-", "md", "fd", "nbd");
    private static final long SECTOR = 512;

    private final Path root;

    HardwareDiscovery(Path root) {
        this.root = root;
    }

    Hardware discover() {
        Map<String, String> facts = new TreeMap<>();
        dmi(facts);
        cpus(facts);
        memory(facts);
        List<String> macs = nics(facts);
        pci(facts);
        List<Disk> disks = disks();
        for (Disk d : disks) {
            String p = "disk." + d.name() + ".";
            facts.put(p + "sizeBytes", Long.toString(d.sizeBytes()));
            put(facts, p + "model", d.model());
            put(facts, p + "serial", d.serial());
            put(facts, p + "wwn", d.wwn());
            if (d.rotational() != null) facts.put(p + "rotational", d.rotational().toString());
            put(facts, p + "byPath", d.byPath());
        }
        return new Hardware(facts, disks, macs);
    }

    private void dmi(Map<String, String> facts) {
        Path id = path("sys/class/dmi/id");
        put(facts, "dmi.uuid", lower(read(id.resolve("product_uuid"))));
        put(facts, "dmi.serial", read(id.resolve("product_serial")));
        put(facts, "dmi.vendor", read(id.resolve("sys_vendor")));
        put(facts, "dmi.product", read(id.resolve("product_name")));
    }

    private void cpus(Map<String, String> facts) {
        String cpuinfo = read(path("proc/cpuinfo"));
        if (cpuinfo == null) return;
        int count = 0;
        String model = null;
        for (String line : cpuinfo.split("\n")) {
            int colon = line.indexOf(':');
            if (colon < 0) continue;
            String key = line.substring(0, colon).trim();
            if (key.equals("processor")) count++;
            else if (key.equals("model name") && model == null) model = line.substring(colon + 1).trim();
        }
        if (count > 0) facts.put("cpu.count", Integer.toString(count));
        put(facts, "cpu.model", model);
    }

    private void memory(Map<String, String> facts) {
        String meminfo = read(path("proc/meminfo"));
        if (meminfo == null) return;
        for (String line : meminfo.split("\n")) {
            if (line.startsWith("MemTotal:")) {
                String kb = line.substring(9).replace("kB", "").trim();
                if (kb.matches("\\d+")) facts.put("memory.bytes", Long.toString(Long.parseLong(kb) * 1024));
            }
        }
    }

    private List<String> nics(Map<String, String> facts) {
        List<String> macs = new ArrayList<>();
        for (Path nic : list(path("sys/class/net"))) {
            String name = nic.getFileName().toString();
            // lo, bridges, bonds, vlans, ifb... have no backing device: not hardware
            if (name.equals("lo") || !Files.exists(nic.resolve("device"), LinkOption.NOFOLLOW_LINKS)) continue;
            String p = "nic." + name + ".";
            String mac = lower(read(nic.resolve("address")));
            put(facts, p + "mac", mac);
            if (mac != null) macs.add(mac);
            put(facts, p + "driver", linkName(nic.resolve("device/driver")));
            String speed = read(nic.resolve("speed"));
            // -1 (or EINVAL on read) when the link is down or the driver does not say
            if (speed != null && speed.matches("\\d+") && Long.parseLong(speed) > 0) facts.put(p + "speedMbps", speed);
            String state = read(nic.resolve("operstate"));
            if (state != null) facts.put(p + "link", state.equals("up") ? "up" : "down");
        }
        return macs;
    }

    private void pci(Map<String, String> facts) {
        List<String> entries = new ArrayList<>();
        for (Path dev : list(path("sys/bus/pci/devices"))) {
            String slot = dev.getFileName().toString().toLowerCase(Locale.ROOT);
            String vendor = hex(read(dev.resolve("vendor")), 4);
            String device = hex(read(dev.resolve("device")), 4);
            if (vendor == null || device == null) continue;
            entries.add(vendor + ":" + device + "@" + slot);
            String p = "pci." + slot + ".";
            put(facts, p + "class", hex(read(dev.resolve("class")), 6));
            String sv = hex(read(dev.resolve("subsystem_vendor")), 4);
            String sd = hex(read(dev.resolve("subsystem_device")), 4);
            if (sv != null && sd != null) facts.put(p + "subsystem", sv + ":" + sd);
            put(facts, p + "driver", linkName(dev.resolve("driver")));
        }
        if (!entries.isEmpty()) facts.put("pci", String.join(" ", entries));
    }

    /** Whole disks, sorted by name. */
    List<Disk> disks() {
        List<Disk> disks = new ArrayList<>();
        Map<String, String> byPath = byPathLinks();
        for (Path b : list(path("sys/block"))) {
            String name = b.getFileName().toString();
            if (NOT_DISKS.stream().anyMatch(name::startsWith)) continue;
            String sectors = read(b.resolve("size"));
            // an empty card reader slot or a disk that vanished: nothing to write to
            if (sectors == null || !sectors.matches("\\d+") || Long.parseLong(sectors) == 0) continue;
            String serial = firstOf(read(b.resolve("device/serial")), read(b.resolve("serial")));
            String wwn = firstOf(read(b.resolve("wwid")), read(b.resolve("device/wwid")));
            String rot = read(b.resolve("queue/rotational"));
            disks.add(new Disk(name, Long.parseLong(sectors) * SECTOR, read(b.resolve("device/model")),
                    read(b.resolve("device/vendor")), serial, wwn, rot == null ? null : rot.equals("1"), byPath.get(name)));
        }
        return disks;
    }

    /** disk name → {@code /dev/disk/by-path/...}: the first link (by name) pointing at the whole disk. */
    private Map<String, String> byPathLinks() {
        Map<String, String> out = new TreeMap<>();
        for (Path link : list(path("dev/disk/by-path"))) {
            String target = linkName(link);
            if (target != null) out.putIfAbsent(target, "/dev/disk/by-path/" + link.getFileName());
        }
        return out;
    }

    private Path path(String relative) {
        return root.resolve(relative);
    }

    private static List<Path> list(Path dir) {
        List<Path> out = new ArrayList<>();
        if (!Files.isDirectory(dir)) return out;
        try (DirectoryStream<Path> s = Files.newDirectoryStream(dir)) {
            s.forEach(out::add);
        } catch (IOException e) {
            AgentLog.info("cannot list " + dir + " (" + e.getMessage() + "); its facts are left out");
        }
        out.sort(null);
        return out;
    }

    /** A sysfs value, trimmed; null when absent, unreadable (some attributes fail with EINVAL) or blank. */
    static String read(Path file) {
        try {
            String s = Files.readString(file, StandardCharsets.UTF_8).trim();
            return s.isEmpty() ? null : s;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** The last element of a symlink's target (the driver's or device's name); works for dangling links too. */
    static String linkName(Path link) {
        try {
            if (!Files.isSymbolicLink(link)) return null;
            Path target = Files.readSymbolicLink(link).getFileName();
            return target == null ? null : target.toString();
        } catch (IOException e) {
            return null;
        }
    }

    /** {@code 0x10de} → {@code 10de}, padded to {@code digits}. */
    private static String hex(String v, int digits) {
        if (v == null) return null;
        String h = v.toLowerCase(Locale.ROOT).replaceFirst("^0x", "");
        if (!h.matches("[0-9a-f]+") || h.length() > digits) return null;
        return "0".repeat(digits - h.length()) + h;
    }

    private static String lower(String v) {
        return v == null ? null : v.toLowerCase(Locale.ROOT);
    }

    private static String firstOf(String a, String b) {
        return a != null ? a : b;
    }

    private static void put(Map<String, String> facts, String key, String value) {
        if (value != null && !value.isBlank()) facts.put(key, value);
    }
}
