package io.kiln.inventory.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kiln.api.KilnException;
import io.kiln.api.inventory.BootProfile;
import io.kiln.api.inventory.Host;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InventoryServiceImplTest {
    @TempDir Path dir;

    InventoryServiceImpl open() {
        return new InventoryServiceImpl(new InventoryFile(dir.resolve("inv.json")));
    }

    static BootProfile profile(String n) {
        return new BootProfile(n, "vmlinuz", List.of("initrd.img"), "console=ttyS0 kiln.host=${host}", "");
    }

    @Test
    void hostsAndProfilesSurviveAReopen() {
        InventoryServiceImpl inv = open();
        inv.addProfile(profile("microos"));
        inv.addHost(new Host("edge-1", List.of("52-54-00-AA-BB-01"), "4C4C4544-0000-0000-0000-000000000001", "SN1", "microos",
                "10.0.0.5", null, Map.of("site", "shop-7")));
        InventoryServiceImpl again = open();
        Host h = again.host("edge-1").orElseThrow();
        assertEquals(List.of("52:54:00:aa:bb:01"), h.macs());
        assertEquals("shop-7", h.vars().get("site"));
        assertEquals("edge-1", again.hostByMac("52:54:00:AA:BB:01").orElseThrow().name());
        assertEquals("edge-1", again.hostByUuid("4c4c4544-0000-0000-0000-000000000001").orElseThrow().name());
        assertEquals("microos", again.profile("microos").orElseThrow().name());
    }

    @Test
    void duplicatesAndDanglingReferencesAreRefusedAndChangeNothing() {
        InventoryServiceImpl inv = open();
        inv.addProfile(profile("p"));
        inv.addHost(Host.of("a", List.of("52:54:00:00:00:01"), "p"));
        KilnException dupMac = assertThrows(KilnException.class, () -> inv.addHost(Host.of("b", List.of("525400000001"), "p")));
        assertEquals(KilnException.Kind.CONFLICT, dupMac.kind());
        assertTrue(dupMac.getMessage().contains("'a'"));
        assertEquals(KilnException.Kind.CONFLICT, assertThrows(KilnException.class, () -> inv.addHost(Host.of("a", List.of("52:54:00:00:00:09"), "p"))).kind());
        assertEquals(KilnException.Kind.INVALID, assertThrows(KilnException.class, () -> inv.addHost(Host.of("c", List.of("52:54:00:00:00:03"), "nope"))).kind());
        assertEquals(KilnException.Kind.CONFLICT, assertThrows(KilnException.class, () -> inv.removeProfile("p")).kind());
        assertEquals(1, open().hosts().size());
        assertFalse(inv.hostByMac("52:54:00:00:00:03").isPresent());
    }

    @Test
    void badInputIsInvalidWithAClearMessage() {
        KilnException e = assertThrows(KilnException.class, () -> Host.of("x", List.of("zz:54:00:00:00:01"), null));
        assertEquals(KilnException.Kind.INVALID, e.kind());
        assertTrue(e.getMessage().contains("zz:54"));
        assertThrows(KilnException.class, () -> Host.of("bad name", List.of("52:54:00:00:00:01"), null));
        assertThrows(KilnException.class, () -> new BootProfile("p", "../../etc/passwd", List.of(), "", ""));
        assertThrows(KilnException.class, () -> new Host("h", List.of("52:54:00:00:00:01"), null, null, null, "10.0.0.256", null, null));
    }

    @Test
    void aCorruptFileIsReportedAndLeftAlone() throws Exception {
        Files.writeString(dir.resolve("inv.json"), "{ not json");
        KilnException e = assertThrows(KilnException.class, this::open);
        assertEquals(KilnException.Kind.UNAVAILABLE, e.kind());
        assertEquals("{ not json", Files.readString(dir.resolve("inv.json")));
    }

    @Test
    void removeAndUpdate() {
        InventoryServiceImpl inv = open();
        inv.addProfile(profile("p"));
        inv.addHost(Host.of("a", List.of("52:54:00:00:00:01"), "p"));
        inv.updateHost(Host.of("a", List.of("52:54:00:00:00:02"), null));
        assertFalse(inv.hostByMac("52:54:00:00:00:01").isPresent());
        assertEquals("a", inv.hostByMac("52:54:00:00:00:02").orElseThrow().name());
        inv.removeHost("a");
        assertTrue(open().hosts().isEmpty());
        assertEquals(KilnException.Kind.NOT_FOUND, assertThrows(KilnException.class, () -> inv.removeHost("a")).kind());
    }
}
