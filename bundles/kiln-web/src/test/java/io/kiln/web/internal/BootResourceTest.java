package io.kiln.web.internal;

import static io.kiln.web.internal.Calls.get;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.kiln.api.KilnException;
import io.kiln.api.boot.BootAction;
import io.kiln.api.boot.BootAdvisor;
import io.kiln.api.boot.BootDecision;
import io.kiln.api.boot.BootRequest;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** GET /api/v1/boot/explain asks the advisor what kiln:boot-explain asks it, --server included. */
class BootResourceTest {
    final AtomicReference<BootRequest> asked = new AtomicReference<>();
    final BootAdvisor advisor = r -> {
        asked.set(r);
        return new BootDecision(BootAction.IGNORE, null, null, null, null, null, List.of("asked"));
    };
    final BootResource resource = new BootResource(advisor, null);

    @Test
    void theExplanationTakesTheServerAddressAsTheShellDoes() {
        resource.handle(get("/boot/explain?mac=52:54:00:00:00:01&arch=7&ipxe=true&server=10.0.0.1"));
        assertEquals(BootRequest.of("52:54:00:00:00:01", 7, true, "10.0.0.1"), asked.get());
        resource.handle(get("/boot/explain?mac=52:54:00:00:00:01"));
        assertEquals(BootRequest.of("52:54:00:00:00:01", 0, false), asked.get());
    }

    @Test
    void anUnknownParameterIsRefusedNotIgnored() {
        KilnException e = assertThrows(KilnException.class, () -> resource.handle(get("/boot/explain?mac=52:54:00:00:00:01&serverAddress=10.0.0.1")));
        assertEquals("unknown parameter 'serverAddress' on /api/v1/boot/explain (mac, arch, ipxe, server)", e.getMessage());
    }
}
