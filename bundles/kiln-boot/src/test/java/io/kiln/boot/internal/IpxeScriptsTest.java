package io.kiln.boot.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kiln.api.inventory.BootProfile;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class IpxeScriptsTest {

    static final String BASE = "http://10.0.0.1:8080";
    static final Instant NOW = Instant.parse("2026-11-24T10:15:30.123Z");

    @Test
    void bootScriptLoadsKernelAndInitrdsThenBoots() {
        BootProfile p = new BootProfile("microos", "microos/linux", List.of("microos/initrd", "https://mirror.example/fw.img"),
                "console=ttyS0 kiln.host=${host} ip=${net0/ip}", "");
        String s = IpxeScripts.boot(p, "host 'edge-1'", Map.of("host", "edge-1"), BASE, NOW);
        assertEquals("#!ipxe\n"
                + "# Kiln: host 'edge-1', profile 'microos', generated 2026-11-24T10:15:30Z\n"
                + "kernel http://10.0.0.1:8080/artifacts/microos/linux console=ttyS0 kiln.host=edge-1 ip=${net0/ip}\n"
                + "initrd http://10.0.0.1:8080/artifacts/microos/initrd\n"
                + "initrd https://mirror.example/fw.img\n"
                + "boot\n", s);
    }

    @Test
    void noCommandLineMeansABareKernelLine() {
        BootProfile p = new BootProfile("plain", "http://mirror.example/vmlinuz", List.of(), "", "");
        assertTrue(IpxeScripts.boot(p, "x", Map.of(), BASE, NOW).contains("\nkernel http://mirror.example/vmlinuz\nboot\n"));
    }

    @Test
    void aValueCannotStartANewScriptLine() {
        BootProfile p = new BootProfile("p", "linux", List.of(), "note=${note}", "");
        String s = IpxeScripts.boot(p, "x", Map.of("note", "a\nshell\rb"), BASE, NOW);
        assertTrue(s.contains("kernel http://10.0.0.1:8080/artifacts/linux note=a shell b\nboot\n"), s);
    }

    @Test
    void chainScriptAsksIpxeForItsIdentity() {
        assertEquals("#!ipxe\nchain http://10.0.0.1:8080/boot/ipxe?mac=${net0/mac}&uuid=${uuid}&serial=${serial:uristring}&arch=${buildarch}\n",
                IpxeScripts.chain(BASE));
    }

    @Test
    void exitScriptEchoesWhyAndLeaves() {
        assertEquals("#!ipxe\necho Kiln: unknown machine 52:54:00:99:99:99; policy ignore\nexit\n",
                IpxeScripts.exit("unknown machine 52:54:00:99:99:99; policy ignore"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '>', value = {
            "SN-123.4_5:6           > SN-123.4_5:6",
            "To Be Filled By O.E.M. > To_Be_Filled_By_O.E.M.",
            "x || shell && y        > x____shell____y",
            "${root} #c ;           > __root___c__",
            "dé                     > d_",
    })
    void clientTextBecomesOneHarmlessToken(String in, String expected) {
        assertEquals(expected, IpxeScripts.token(in));
    }
}
