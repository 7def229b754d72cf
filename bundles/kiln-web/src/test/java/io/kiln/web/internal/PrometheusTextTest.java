package io.kiln.web.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.kiln.api.metrics.HistogramSample;
import io.kiln.api.metrics.MetricFamily;
import io.kiln.api.metrics.Sample;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PrometheusTextTest {

    @Test
    void countersGaugesAndHistogramsInTheTextFormat() {
        List<MetricFamily> f = List.of(
                MetricFamily.counter("kiln_x_total", "things done\nsecond line", List.of(new Sample(Map.of("type", "a\"b\\c"), 3),
                        Sample.of(0.5))),
                MetricFamily.gauge("kiln_y", "now", List.of(Sample.of("pool", "lab", 7))),
                MetricFamily.histogram("kiln_d_seconds", "how long", List.of(new HistogramSample(Map.of("action", "image"),
                        List.of(0.1, 1.0), List.of(1L, 3L), 2.25, 4))));
        assertEquals("""
                # HELP kiln_x_total things done\\nsecond line
                # TYPE kiln_x_total counter
                kiln_x_total{type="a\\"b\\\\c"} 3
                kiln_x_total 0.5
                # HELP kiln_y now
                # TYPE kiln_y gauge
                kiln_y{pool="lab"} 7
                # HELP kiln_d_seconds how long
                # TYPE kiln_d_seconds histogram
                kiln_d_seconds_bucket{action="image",le="0.1"} 1
                kiln_d_seconds_bucket{action="image",le="1"} 3
                kiln_d_seconds_bucket{action="image",le="+Inf"} 4
                kiln_d_seconds_sum{action="image"} 2.25
                kiln_d_seconds_count{action="image"} 4
                """, PrometheusText.write(f, x -> { }));
    }

    @Test
    void aBadFamilyIsLeftOutAndTheRestWritten() {
        List<String> rejected = new ArrayList<>();
        String out = PrometheusText.write(List.of(MetricFamily.gauge("kiln-bad", "x", List.of(Sample.of(1))),
                MetricFamily.gauge("kiln_ok", "x", List.of(new Sample(Map.of("__reserved", "v"), 1))),
                MetricFamily.gauge("kiln_fine", "x", List.of(Sample.of(2))),
                MetricFamily.gauge("kiln_fine", "again", List.of(Sample.of(3)))), rejected::add);
        assertEquals("# HELP kiln_fine x\n# TYPE kiln_fine gauge\nkiln_fine 2\n", out);
        assertEquals(List.of("kiln-bad: not a Prometheus metric name", "kiln_ok: a label name is not valid", "kiln_fine: reported twice"), rejected);
    }
}
