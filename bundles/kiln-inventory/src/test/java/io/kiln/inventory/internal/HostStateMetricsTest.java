package io.kiln.inventory.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.kiln.api.inventory.Host;
import io.kiln.api.inventory.HostStatus;
import io.kiln.api.inventory.Inventory;
import io.kiln.api.inventory.OnboardingState;
import io.kiln.api.metrics.MetricFamily;
import io.kiln.api.metrics.MetricType;
import io.kiln.api.metrics.Sample;
import io.kiln.store.internal.JdbcDocumentStore;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** kiln_hosts: the hosts per current state, every state listed, 0 too. */
class HostStateMetricsTest {
    @TempDir Path dir;

    @Test
    void hostsPerCurrentStateEveryStateListed() {
        try (JdbcDocumentStore store = TestStores.h2(dir)) {
            InventoryServiceImpl inv = new InventoryServiceImpl(store, Map.of("legacyFile", dir.resolve("inv.json").toString(), "refreshSeconds", "0"));
            for (int i = 1; i <= 3; i++) inv.addHost(Host.of("h" + i, List.of("52:54:00:00:00:0" + i), null));
            inv.saveStatus(new HostStatus("h2", OnboardingState.ERROR, null), Inventory.ANY_VERSION);
            List<MetricFamily> fs = new HostStateMetrics(inv).metrics();
            assertEquals(1, fs.size());
            assertEquals("kiln_hosts", fs.get(0).name());
            assertEquals(MetricType.GAUGE, fs.get(0).type());
            Map<String, Double> byState = fs.get(0).samples().stream().collect(Collectors.toMap(s -> s.labels().get("state"), Sample::value));
            assertEquals(Map.of("registered", 2.0, "onboarding", 0.0, "onboarded", 0.0, "quarantined", 0.0, "error", 1.0), byState);
            inv.close();
        }
    }
}
