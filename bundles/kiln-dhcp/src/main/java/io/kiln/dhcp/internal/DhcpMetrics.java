package io.kiln.dhcp.internal;

import io.kiln.api.metrics.MetricFamily;
import io.kiln.api.metrics.Sample;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * DHCP requests, answers and drops by message type, and drops by a reason from a short fixed list, for
 * {@code /metrics}. The reasons operators read in {@code kiln:dhcp-log} are sentences with MACs and addresses in them;
 * {@link #reason} maps each to a word so that labels stay few.
 */
final class DhcpMetrics {
    /** A datagram that was not DHCP, or not a request: its type is unknown. */
    static final String MALFORMED = "malformed";
    static final String INVENTORY_UNAVAILABLE = "inventory_unavailable";

    private final Map<String, LongAdder> requests = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> answers = new ConcurrentHashMap<>();
    private final Map<List<String>, LongAdder> drops = new ConcurrentHashMap<>();

    void request(String type) {
        requests.computeIfAbsent(type, k -> new LongAdder()).increment();
    }

    void answer(String type) {
        answers.computeIfAbsent(type, k -> new LongAdder()).increment();
    }

    void drop(String type, String reason) {
        drops.computeIfAbsent(List.of(type, reason), k -> new LongAdder()).increment();
    }

    /**
     * The word for why a request got no answer.
     *
     * @param type the request's type (DISCOVER, RELEASE, ...)
     * @param why  the sentence {@link DhcpResponder} left (null when the request is not one Kiln answers in its mode)
     */
    static String reason(String type, String why) {
        if (why == null) return "RELEASE".equals(type) || "DECLINE".equals(type) ? "no_reply_expected" : "not_for_kiln";
        if (why.startsWith("refused (")) {
            // a refusal (Refusal's label: no-pool, pool-exhausted, mac-rate, interface-rate, relay-rate, ...)
            int end = why.indexOf(')');
            if (end > 9) return why.substring(9, end).replace('-', '_');
        }
        if (why.startsWith("not a PXE/HTTP boot client")) return "not_boot_client";
        if (why.startsWith("no pool for")) return "no_pool";
        if (why.startsWith("no free address")) return "pool_exhausted";
        if (why.startsWith("the client chose another server")) return "other_server";
        return "boot_policy"; // the boot decision's last step: unknown machine ignored, host disabled, ...
    }

    /** @param malformed datagrams the decoder dropped, counted apart (as drops of type unknown) */
    List<MetricFamily> families(long malformed) {
        List<Sample> req = new ArrayList<>(), ans = new ArrayList<>(), drop = new ArrayList<>();
        requests.forEach((t, n) -> req.add(Sample.of("type", lower(t), n.sum())));
        answers.forEach((t, n) -> ans.add(Sample.of("type", lower(t), n.sum())));
        drops.forEach((k, n) -> drop.add(new Sample(Map.of("type", lower(k.get(0)), "reason", k.get(1)), n.sum())));
        drop.add(new Sample(Map.of("type", "unknown", "reason", MALFORMED), malformed));
        return List.of(
                MetricFamily.counter("kiln_dhcp_requests_total", "DHCP requests handled, by message type", req),
                MetricFamily.counter("kiln_dhcp_answers_total", "DHCP answers made, by message type (offer, ack, nak)", ans),
                MetricFamily.counter("kiln_dhcp_drops_total", "DHCP datagrams not answered, by request type and reason", drop));
    }

    private static String lower(String s) {
        return s.toLowerCase(Locale.ROOT);
    }
}
