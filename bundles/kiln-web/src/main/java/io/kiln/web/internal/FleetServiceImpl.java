package io.kiln.web.internal;

import io.kiln.api.KilnException;
import io.kiln.api.events.HostEvent;
import io.kiln.api.events.HostEventListener;
import io.kiln.api.events.HostEvents;
import io.kiln.api.fleet.AttentionHost;
import io.kiln.api.fleet.FleetService;
import io.kiln.api.fleet.FleetSummary;
import io.kiln.api.fleet.ServiceActivity;
import io.kiln.api.fleet.SiteStates;
import io.kiln.api.inventory.Host;
import io.kiln.api.inventory.Inventory;
import io.kiln.api.inventory.OnboardingState;
import io.kiln.api.metrics.MetricFamily;
import io.kiln.api.metrics.MetricSource;
import io.kiln.api.metrics.Sample;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/**
 * The fleet summary ({@link FleetService}): hosts per site and state from the inventory's memory; the hosts in ERROR
 * or QUARANTINED with their newest failure; the newest failure events fleet-wide, kept in memory as they are stored
 * ({@link HostEventListener}; read once from the timeline at the first call); DHCP, TFTP and HTTP request counters from
 * the {@link MetricSource}s, their rate from readings of the counters taken when a source arrives and at each call.
 */
@Component(service = {FleetService.class, HostEventListener.class})
public final class FleetServiceImpl implements FleetService, HostEventListener {
    /** Failure events kept in memory, the newest. */
    static final int KEEP_FAILURES = 100;
    /** The rate is taken over at least this long (never extrapolated from less: a burst is not a rate). */
    static final Duration RATE_WINDOW = Duration.ofSeconds(60);
    /** The counters of each boot service, as /metrics names them. */
    static final Map<String, String> COUNTERS = new LinkedHashMap<>();

    static {
        COUNTERS.put("dhcp", "kiln_dhcp_requests_total");
        COUNTERS.put("tftp", "kiln_tftp_requests_total");
        COUNTERS.put("http", "kiln_http_requests_total");
    }

    /** One reading of the counters. */
    private record Reading(Instant at, Map<String, Long> counts) {
    }

    /** A host's newest failure: present, or known to be none. */
    private record LastFailure(Optional<HostEvent> event) {
    }

    private final Inventory inventory;
    private final HostEvents events;
    private final Clock clock;
    private final List<MetricSource> sources = new CopyOnWriteArrayList<>();
    private final Deque<HostEvent> failures = new ArrayDeque<>();
    private final Map<String, LastFailure> lastFailure = new ConcurrentHashMap<>();
    private final List<Reading> readings = new ArrayList<>();
    private volatile boolean seeded;

    @Activate
    public FleetServiceImpl(@Reference Inventory inventory,
                            @Reference(cardinality = ReferenceCardinality.OPTIONAL, policyOption = ReferencePolicyOption.GREEDY) HostEvents events) {
        this(inventory, events, Clock.systemUTC());
    }

    FleetServiceImpl(Inventory inventory, HostEvents events, Clock clock) {
        this.inventory = inventory;
        this.events = events;
        this.clock = clock;
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addSource(MetricSource s) {
        sources.add(s);
        // a reading from when the service arrives (about when it starts counting): the rate is known a minute later,
        // not a minute after someone first looks
        read(clock.instant());
    }

    void removeSource(MetricSource s) {
        sources.remove(s);
    }

    /** What counts as a failure on a timeline: a failed step or call, a quarantine, a refusal. */
    static boolean isFailure(String type) {
        return type.endsWith("-failed") || type.equals("quarantined") || type.equals("onboarding-rejected");
    }

    @Override
    public void stored(List<HostEvent> batch) {
        for (HostEvent e : batch) {
            if (!isFailure(e.type())) continue;
            synchronized (failures) {
                failures.addFirst(e);
                while (failures.size() > KEEP_FAILURES) failures.removeLast();
            }
            lastFailure.put(e.host(), new LastFailure(Optional.of(e)));
        }
    }

    @Override
    public FleetSummary summary(int failureCount, int attentionCount) {
        if (failureCount < 1 || failureCount > KEEP_FAILURES) throw KilnException.invalid("failures must be 1.." + KEEP_FAILURES + ", was " + failureCount);
        if (attentionCount < 1 || attentionCount > 1000) throw KilnException.invalid("attention must be 1..1000, was " + attentionCount);
        seed();
        Map<String, Map<OnboardingState, Integer>> perSite = new TreeMap<>(Comparator.nullsLast(Comparator.naturalOrder()));
        List<Host> trouble = new ArrayList<>();
        List<Host> hosts = inventory.hosts();
        for (Host h : hosts) {
            perSite.computeIfAbsent(h.site(), s -> new EnumMap<>(OnboardingState.class)).merge(h.currentState(), 1, Integer::sum);
            if (h.currentState() == OnboardingState.ERROR || h.currentState() == OnboardingState.QUARANTINED) trouble.add(h);
        }
        List<SiteStates> sites = new ArrayList<>();
        perSite.forEach((site, n) -> sites.add(new SiteStates(site, n.values().stream().mapToInt(Integer::intValue).sum(), n)));
        List<AttentionHost> attention = new ArrayList<>();
        for (Host h : trouble) {
            Optional<HostEvent> f = failureOf(h.name());
            attention.add(new AttentionHost(h.name(), h.site(), h.currentState(), f.map(HostEvent::detail).orElse(null), f.map(HostEvent::at).orElse(null)));
        }
        // the most recent trouble first; hosts whose timeline says nothing last, by name
        attention.sort(Comparator.comparing(AttentionHost::since, Comparator.nullsLast(Comparator.reverseOrder())).thenComparing(AttentionHost::name));
        List<HostEvent> recent;
        synchronized (failures) {
            recent = failures.stream().limit(failureCount).toList();
        }
        return new FleetSummary(clock.instant(), hosts.size(), sites, attention.subList(0, Math.min(attentionCount, attention.size())),
                trouble.size(), recent, activity());
    }

    /** The failures already on the timeline when Kiln started: read once, from the newest 1000 events. */
    private void seed() {
        if (seeded || events == null) return;
        List<HostEvent> newest;
        try {
            newest = events.recent(0, 1000);
        } catch (KilnException e) {
            return; // the timeline cannot be read now: the summary goes without its past, and asks again next time
        }
        synchronized (failures) {
            if (seeded) return;
            List<HostEvent> heard = new ArrayList<>(failures);
            failures.clear();
            long newestHeard = heard.isEmpty() ? Long.MAX_VALUE : heard.get(heard.size() - 1).id();
            for (HostEvent e : newest) {
                if (isFailure(e.type()) && e.id() < newestHeard) {
                    failures.addFirst(e);
                    lastFailure.putIfAbsent(e.host(), new LastFailure(Optional.of(e)));
                }
            }
            for (int i = heard.size() - 1; i >= 0; i--) failures.addFirst(heard.get(i));
            while (failures.size() > KEEP_FAILURES) failures.removeLast();
            seeded = true;
        }
    }

    /** A host's newest failure event: from memory, else its timeline once (then remembered until a newer one). */
    private Optional<HostEvent> failureOf(String host) {
        LastFailure known = lastFailure.get(host);
        if (known != null) return known.event();
        if (events == null) return Optional.empty();
        try {
            List<HostEvent> timeline = events.events(host, 0, 200);
            Optional<HostEvent> f = Optional.empty();
            for (HostEvent e : timeline) if (isFailure(e.type())) f = Optional.of(e);
            lastFailure.putIfAbsent(host, new LastFailure(f));
            return lastFailure.get(host).event();
        } catch (KilnException e) {
            return Optional.empty();
        }
    }

    /**
     * The boot services' counters now, and their rate per minute since the newest reading at least a minute old: the
     * requests counted since then, per minute, so never more than were counted in it. Null while no reading is that
     * old (right after start): a burst of a few seconds, scaled up to a minute, read as more requests than Kiln had
     * seen at all.
     */
    private List<ServiceActivity> activity() {
        Instant now = clock.instant();
        Map<String, Long> counts = counts();
        Reading base = read(now, counts);
        Duration over = Duration.between(base.at(), now);
        List<ServiceActivity> out = new ArrayList<>();
        for (String service : COUNTERS.keySet()) {
            Long n = counts.get(service);
            Double rate = null;
            if (n != null && base.counts().containsKey(service) && over.compareTo(RATE_WINDOW) >= 0) {
                rate = Math.max(0, n - base.counts().get(service)) * 60_000.0 / over.toMillis();
            }
            out.add(new ServiceActivity(service, n == null ? 0 : n, rate));
        }
        return out;
    }

    private void read(Instant now) {
        read(now, counts());
    }

    /** Keeps a reading; answers the base of the rate: the newest reading at least a minute old, else the oldest. */
    private Reading read(Instant now, Map<String, Long> counts) {
        synchronized (readings) {
            readings.add(new Reading(now, counts));
            // keep the readings of the window, and the newest one older than it (the base of the rate)
            while (readings.size() > 2 && !readings.get(1).at().isAfter(now.minus(RATE_WINDOW))) readings.remove(0);
            return readings.get(0);
        }
    }

    /** Each boot service's counter, summed over the sources that have it; a service without one is absent. */
    private Map<String, Long> counts() {
        Map<String, Long> counts = new HashMap<>();
        for (MetricSource s : sources) {
            List<MetricFamily> fs;
            try {
                fs = s.metrics();
            } catch (RuntimeException e) {
                continue;
            }
            for (MetricFamily f : fs) {
                for (Map.Entry<String, String> c : COUNTERS.entrySet()) {
                    if (!f.name().equals(c.getValue())) continue;
                    long sum = 0;
                    for (Sample x : f.samples()) sum += (long) x.value();
                    counts.merge(c.getKey(), sum, Long::sum);
                }
            }
        }
        return counts;
    }
}
