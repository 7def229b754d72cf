package io.kiln.onboarding.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kiln.api.inventory.HostStatus;
import io.kiln.api.inventory.OnboardingState;
import io.kiln.api.onboarding.OnboardOutcome;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A removed or quarantined host's certificates are revoked, and refused from then on. */
class RevocationReconcilerTest {
    @TempDir
    Path dir;
    Kit kit;
    RevocationReconciler reconciler;

    @BeforeEach
    void setUp() throws Exception {
        kit = new Kit(dir);
        reconciler = new RevocationReconciler(kit.inventory, kit.pki, kit.store, kit.clock);
    }

    @AfterEach
    void tearDown() {
        reconciler.deactivate();
        kit.close();
    }

    @Test
    void removedAndQuarantinedHostsLoseTheirCertificates() throws Exception {
        OnboardOutcome vm1 = kit.onboardVm1(Kit.key());
        OnboardOutcome vm2 = kit.onboard(kit.token("vm-2"), Kit.key(), null, null, Map.of(), Kit.MAC2);
        assertEquals(Map.of(), reconciler.reconcile(), "nothing to revoke while both hosts are fine");
        kit.inventory.removeHost("vm-2");
        var s = kit.inventory.hostStatus("vm-1").orElseThrow();
        kit.inventory.saveStatus(new HostStatus("vm-1", OnboardingState.QUARANTINED, s.value().hardware()), s.version());
        assertEquals(Map.of("vm-2", "host removed", "vm-1", "host quarantined"), reconciler.reconcile());
        assertTrue(kit.pki.verifyClient(Kit.cert(vm1.certificate())).reason().contains("revoked"));
        assertTrue(kit.pki.verifyClient(Kit.cert(vm2.certificate())).reason().contains("revoked"));
        assertEquals(Map.of(), reconciler.reconcile(), "revoked once");
        assertTrue(kit.onboarding.journal("vm-1").stream().anyMatch(e -> e.event().equals("certificates-revoked")));
    }
}
