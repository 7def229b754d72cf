package io.kiln.web.internal;

import io.kiln.api.metrics.HistogramSample;
import io.kiln.api.metrics.MetricFamily;
import io.kiln.api.metrics.Sample;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Writes metric families in the Prometheus text exposition format 0.0.4 ({@code # HELP}, {@code # TYPE}, one line
 * per sample; histograms as {@code _bucket{le=..}}, {@code _sum}, {@code _count}). Pure: a family with a bad name is
 * left out, reported through {@code rejected}, so one source's mistake never spoils the scrape.
 */
final class PrometheusText {
    static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";
    private static final Pattern NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
    private static final Pattern LABEL = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");

    private PrometheusText() {
    }

    /**
     * @param families every source's families; a name seen twice keeps its first family
     * @param rejected receives one line per family left out
     */
    static String write(List<MetricFamily> families, java.util.function.Consumer<String> rejected) {
        StringBuilder out = new StringBuilder(4096);
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (MetricFamily f : families) {
            String problem = problem(f);
            if (problem == null && !seen.add(f.name())) problem = "reported twice";
            if (problem != null) {
                rejected.accept(f.name() + ": " + problem);
                continue;
            }
            out.append("# HELP ").append(f.name()).append(' ').append(escapeHelp(f.help())).append('\n');
            out.append("# TYPE ").append(f.name()).append(' ').append(f.type().name().toLowerCase(Locale.ROOT)).append('\n');
            for (Sample s : f.samples()) line(out, f.name(), s.labels(), null, s.value());
            for (HistogramSample h : f.histograms()) {
                for (int i = 0; i < h.upperBounds().size(); i++) {
                    line(out, f.name() + "_bucket", h.labels(), number(h.upperBounds().get(i)), h.cumulative().get(i));
                }
                line(out, f.name() + "_bucket", h.labels(), "+Inf", h.count());
                line(out, f.name() + "_sum", h.labels(), null, h.sum());
                line(out, f.name() + "_count", h.labels(), null, h.count());
            }
        }
        return out.toString();
    }

    private static String problem(MetricFamily f) {
        if (f.name() == null || !NAME.matcher(f.name()).matches()) return "not a Prometheus metric name";
        if (f.type() == null) return "no type";
        for (Sample s : f.samples()) if (!labelsOk(s.labels())) return "a label name is not valid";
        for (HistogramSample h : f.histograms()) if (!labelsOk(h.labels()) || h.labels().containsKey("le")) return "a label name is not valid";
        return null;
    }

    private static boolean labelsOk(Map<String, String> labels) {
        for (String k : labels.keySet()) if (!LABEL.matcher(k).matches() || k.startsWith("__")) return false;
        return true;
    }

    private static void line(StringBuilder out, String name, Map<String, String> labels, String le, double value) {
        out.append(name);
        if (!labels.isEmpty() || le != null) {
            out.append('{');
            boolean first = true;
            for (Map.Entry<String, String> e : labels.entrySet()) {
                if (!first) out.append(',');
                first = false;
                out.append(e.getKey()).append("=\"").append(escapeValue(e.getValue())).append('"');
            }
            if (le != null) out.append(first ? "" : ",").append("le=\"").append(le).append('"');
            out.append('}');
        }
        out.append(' ').append(number(value)).append('\n');
    }

    static String number(double v) {
        if (Double.isNaN(v)) return "NaN";
        if (Double.isInfinite(v)) return v > 0 ? "+Inf" : "-Inf";
        if (v == Math.rint(v) && Math.abs(v) < 1e15) return Long.toString((long) v);
        return Double.toString(v);
    }

    private static String escapeHelp(String s) {
        return s == null ? "" : s.replace("\\", "\\\\").replace("\n", "\\n");
    }

    private static String escapeValue(String s) {
        return s == null ? "" : s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }
}
