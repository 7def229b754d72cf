package io.kiln.inventory.internal;

import io.kiln.api.KilnException;
import io.kiln.api.inventory.Host;
import io.kiln.api.inventory.Inventory;
import io.kiln.api.inventory.OnboardingState;
import io.kiln.api.inventory.Versioned;
import io.kiln.api.metrics.MetricFamily;
import io.kiln.api.metrics.MetricSource;
import io.kiln.api.metrics.Sample;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** Hosts per onboarding state now, for {@code /metrics}: counted from the inventory's memory, every state listed (0 too). */
@Component(service = MetricSource.class)
public final class HostStateMetrics implements MetricSource {
    private final Inventory inventory;

    @Activate
    public HostStateMetrics(@Reference Inventory inventory) {
        this.inventory = inventory;
    }

    @Override
    public List<MetricFamily> metrics() {
        Map<OnboardingState, Integer> n = new EnumMap<>(OnboardingState.class);
        for (OnboardingState s : OnboardingState.values()) n.put(s, 0);
        try {
            for (Versioned<Host> h : inventory.list(Host.class)) n.merge(h.value().currentState(), 1, Integer::sum);
        } catch (KilnException e) {
            return List.of(); // not loaded yet: no figure rather than a wrong zero
        }
        List<Sample> samples = new ArrayList<>();
        n.forEach((s, c) -> samples.add(Sample.of("state", s.name().toLowerCase(Locale.ROOT), c)));
        return List.of(MetricFamily.gauge("kiln_hosts", "hosts in the inventory by onboarding state (current)", samples));
    }
}
