package io.kiln.dhcp.internal.ra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kiln.api.dhcp.RouterAdvertisements;
import io.kiln.api.status.SubsystemStatus;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** What operators see when the responder cannot answer; opening a real raw socket needs root (FirmwareBootIT does). */
class RouterAdvertiserTest {

    @Test
    void aMissingNativeLibraryDegradesTheResponderAndSaysWhy() throws Exception {
        Supplier<LibC> none = () -> {
            throw new UnsatisfiedLinkError("no jnidispatch in java.library.path");
        };
        try (RouterAdvertiser ra = new RouterAdvertiser(List.of("br0"), none).begin()) {
            RouterAdvertisements s = await(ra);
            assertEquals("degraded: br0: no jnidispatch in java.library.path", s.state());
            assertEquals(List.of("br0"), s.interfaces());
            assertEquals(0, s.solicitations());
            assertEquals(SubsystemStatus.State.DEGRADED, ra.health().state());
            assertEquals("IPv6 router advertisements: br0: no jnidispatch in java.library.path", ra.health().reason());
        }
    }

    @Test
    void anInterfaceThatDoesNotExistIsNamed() throws Exception {
        try (RouterAdvertiser ra = new RouterAdvertiser(List.of("kiln-nope0"), LibC::load).begin()) {
            assertEquals("degraded: kiln-nope0: no network interface named kiln-nope0", await(ra).state());
        }
    }

    @Test
    void closingStopsTheThreadsWithinTheirPollInterval() throws Exception {
        RouterAdvertiser ra = new RouterAdvertiser(List.of("kiln-nope0", "kiln-nope1"), LibC::load).begin();
        await(ra);
        long t0 = System.nanoTime();
        ra.close();
        assertTrue(System.nanoTime() - t0 < 1_500_000_000L, "closed in " + (System.nanoTime() - t0) / 1_000_000 + " ms");
    }

    private static RouterAdvertisements await(RouterAdvertiser ra) throws InterruptedException {
        for (int i = 0; i < 100 && ra.status().state().equals("on"); i++) Thread.sleep(20);
        return ra.status();
    }
}
