package io.kiln.onboarding.internal;

import io.kiln.api.inventory.Host;
import io.kiln.api.inventory.Inventory;
import io.kiln.api.inventory.OnboardingState;
import io.kiln.api.pki.CertificateRecord;
import io.kiln.api.pki.Pki;
import io.kiln.api.store.DocumentStore;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import io.kiln.api.events.HostEvents;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Revokes the certificates of hosts that were removed or quarantined, however that happened (shell, REST, GitOps,
 * another appliance on the same database): every {@value #EVERY_SECONDS} s it compares the unrevoked, unexpired host
 * certificates with the inventory. The agent API refuses such hosts at once anyway (it looks the host up on every
 * call); this makes the refusal permanent and visible in kiln:pki-show.
 */
@Component(immediate = true)
public final class RevocationReconciler {
    static final long EVERY_SECONDS = 30;
    private static final Logger LOG = LoggerFactory.getLogger(RevocationReconciler.class);

    private final Inventory inventory;
    private final Pki pki;
    private final HostJournal journal;
    private final Clock clock;
    private final ScheduledExecutorService timer;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    private volatile HostEvents events;

    @Activate
    public RevocationReconciler(@Reference Inventory inventory, @Reference Pki pki, @Reference DocumentStore store) {
        this(inventory, pki, store, Clock.systemUTC());
        timer.scheduleWithFixedDelay(this::reconcileQuietly, 5, EVERY_SECONDS, TimeUnit.SECONDS);
    }

    RevocationReconciler(Inventory inventory, Pki pki, DocumentStore store, Clock clock) {
        this.inventory = inventory;
        this.pki = pki;
        this.clock = clock;
        this.journal = new HostJournal(store, clock, () -> this.events);
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "kiln-revocations");
            t.setDaemon(true);
            return t;
        });
    }

    @Deactivate
    void deactivate() {
        timer.shutdownNow();
    }

    private void reconcileQuietly() {
        try {
            reconcile();
        } catch (RuntimeException e) {
            LOG.warn("revoking the certificates of removed or quarantined hosts failed (retried in {} s): {}", EVERY_SECONDS, e.toString());
        }
    }

    /** @return the hosts whose certificates were revoked now, and why */
    Map<String, String> reconcile() {
        Instant now = clock.instant();
        Map<String, String> out = new LinkedHashMap<>();
        for (CertificateRecord c : pki.certificates()) {
            if (!"HOST".equals(c.kind()) || c.revoked() != null || c.notAfter().isBefore(now) || out.containsKey(c.host())) continue;
            Host h = inventory.host(c.host()).orElse(null);
            String why = h == null ? "host removed" : h.currentState() == OnboardingState.QUARANTINED ? "host quarantined" : null;
            if (why == null) continue;
            int n = pki.revokeHost(c.host(), why);
            out.put(c.host(), why);
            LOG.info("host {}: {}: {} certificate(s) revoked", c.host(), why, n);
            if (h != null) journal.add(c.host(), "certificates-revoked", n + " certificate(s) revoked: " + why);
        }
        return out;
    }
}
