package io.kiln.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * BusyBox udhcpc, a real DHCP client, run in the lab's client namespace; its script records what the server
 * handed out (ip, siaddr, boot_file, ...) without configuring anything.
 */
final class Udhcpc {
    private Udhcpc() {
    }

    /**
     * @param extra udhcpc options, e.g. "-V", "PXEClient:Arch:00007:UNDI:003000", "-x", "0x5d:0007"
     * @return the variables of the "bound" event, or an empty map when no lease was obtained
     */
    static Map<String, String> lease(NetworkLab lab, String mac, String... extra) throws IOException {
        return lease(lab, mac, 3, 1, extra);
    }

    /** As {@link #lease(NetworkLab, String, String...)}, with udhcpc's DISCOVER count and seconds to wait for each. */
    static Map<String, String> lease(NetworkLab lab, String mac, int tries, int seconds, String... extra) throws IOException {
        lab.clientMac(mac);
        Path dir = Files.createTempDirectory("kiln-udhcpc");
        Path out = dir.resolve("bound.env");
        Path script = dir.resolve("script.sh");
        Files.writeString(script, "#!/bin/sh\n[ \"$1\" = bound ] && env > " + out + "\nexit 0\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
        List<String> cmd = new ArrayList<>(List.of("udhcpc", "-f", "-q", "-n", "-t", String.valueOf(tries), "-T", String.valueOf(seconds), "-A", "1",
                "-i", lab.clientIf, "-s", script.toString()));
        cmd.addAll(List.of(extra));
        Exec.Result r = lab.client(30, cmd.toArray(String[]::new));
        Map<String, String> env = new LinkedHashMap<>();
        if (Files.exists(out)) {
            for (String line : Files.readAllLines(out)) {
                int eq = line.indexOf('=');
                if (eq > 0) env.put(line.substring(0, eq), line.substring(eq + 1));
            }
        }
        Files.deleteIfExists(out);
        Files.deleteIfExists(script);
        Files.deleteIfExists(dir);
        System.out.println("udhcpc " + mac + " " + String.join(" ", extra) + " -> exit " + r.code() + " " + env.getOrDefault("ip", "-")
                + " file=" + env.getOrDefault("boot_file", "-"));
        return env;
    }

    /** Option 60 and 93 as the EDK2 / iPXE clients send them for an architecture. */
    static String[] pxe(int arch) {
        String vendor = (arch == 16 ? "HTTPClient" : "PXEClient") + String.format(":Arch:%05d:UNDI:003000", arch);
        return new String[] {"-V", vendor, "-x", String.format("0x5d:%04x", arch)};
    }

    /** iPXE's second DHCP round: user class "iPXE" (raw, as iPXE sends it) on top of the PXE options. */
    static String[] ipxe(int arch) {
        String[] p = pxe(arch);
        return new String[] {p[0], p[1], p[2], p[3], "-x", "0x4d:69505845"};
    }
}
