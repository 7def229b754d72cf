package io.kiln.workflow.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.kiln.api.metrics.HistogramSample;
import io.kiln.api.metrics.MetricFamily;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ActionStatsTest {

    @Test
    void attemptsAreCountedByActionAndOutcomeInCumulativeBuckets() {
        ActionStats s = new ActionStats();
        s.record("image", Outcome.Kind.SUCCEEDED, Duration.ofMillis(50));
        s.record("image", Outcome.Kind.SUCCEEDED, Duration.ofSeconds(45));
        s.record("image", Outcome.Kind.SUCCEEDED, Duration.ofHours(2));
        s.record("image", Outcome.Kind.FAILED, Duration.ofSeconds(-1));
        List<MetricFamily> f = s.families();
        HistogramSample ok = f.get(1).histograms().stream().filter(h -> h.labels().equals(Map.of("action", "image", "outcome", "succeeded")))
                .findFirst().orElseThrow();
        assertEquals(List.of(1L, 1L, 1L, 1L, 1L, 1L, 2L, 2L, 2L, 2L, 2L, 2L), ok.cumulative());
        assertEquals(3, ok.count(), "the one over an hour is only in +Inf");
        assertEquals(0.05 + 45 + 7200, ok.sum(), 1e-9);
        assertEquals(2, f.get(0).samples().size(), "succeeded and failed");
        assertEquals("kiln_workflow_action_duration_seconds", f.get(1).name());
    }
}
