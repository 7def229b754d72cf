package io.kiln.web.internal;

import io.kiln.api.status.ApplianceStatus;
import io.kiln.api.status.Health;
import io.kiln.api.status.HealthReport;
import io.kiln.api.status.StatusService;
import io.kiln.api.status.SubsystemStatus;
import io.kiln.api.status.SubsystemStatus.State;
import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;

/**
 * Every subsystem's state from what the OSGi framework and the Service Component Runtime know: its bundle, and each
 * of its DS components (running, waiting for a service, or failed to start and why), so a subsystem that failed to
 * start is seen as well as one that runs; joined with what running subsystems report of themselves
 * ({@link HealthReport}: a store reconnecting, a port not yet bound, an ignored setting). Kept here, in the bundle with the fewest needs
 * (the runtime only), so it answers whatever else is down.
 */
@Component(service = StatusService.class)
public class StatusServiceImpl implements StatusService {
    /** Subsystem name -> its bundle, in the order an operator reads them. */
    static final Map<String, String> SUBSYSTEMS = subsystems();
    /** What must not be down for the appliance to be ready: the inventory and booting over HTTP (and HTTP itself). */
    static final List<String> CORE = List.of("store", "inventory", "boot", "http");

    private final ServiceComponentRuntime scr;
    private final BundleContext context;
    private final Clock clock;
    private final Instant started;
    /** Since when each subsystem has been in its state; guarded by this. */
    private final Map<String, SubsystemStatus> last = new HashMap<>();
    /** What running subsystems say of themselves; they come and go with their bundles. */
    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    private volatile List<HealthReport> reports = List.of();

    @Activate
    public StatusServiceImpl(@Reference ServiceComponentRuntime scr, BundleContext context) {
        this(scr, context, Clock.systemUTC(), Instant.ofEpochMilli(ManagementFactory.getRuntimeMXBean().getStartTime()));
    }

    StatusServiceImpl(ServiceComponentRuntime scr, BundleContext context, Clock clock, Instant started) {
        this.scr = scr;
        this.context = context;
        this.clock = clock;
        this.started = started;
    }

    private static Map<String, String> subsystems() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("store", "kiln-store");
        m.put("inventory", "kiln-inventory");
        m.put("pki", "kiln-pki");
        m.put("templates", "kiln-templates");
        m.put("boot", "kiln-boot");
        m.put("dhcp", "kiln-dhcp");
        m.put("tftp", "kiln-tftp");
        m.put("https", "kiln-onboarding");
        m.put("onboarding", "kiln-onboarding");
        m.put("rest", "kiln-web");
        m.put("gitops", "kiln-gitops");
        m.put("plugins", "kiln-plugins");
        m.put("events", "kiln-events");
        return java.util.Collections.unmodifiableMap(m);
    }

    @Override
    public synchronized ApplianceStatus status() {
        Map<String, Bundle> bundles = new HashMap<>();
        for (Bundle b : context.getBundles()) bundles.put(b.getSymbolicName(), b);
        Instant now = clock.instant();
        Map<String, List<Health>> reported = reported();
        Map<String, ComponentStates.Verdict> verdicts = new LinkedHashMap<>();
        for (Map.Entry<String, String> s : SUBSYSTEMS.entrySet()) verdicts.put(s.getKey(), verdict(bundles.get(s.getValue()), s.getValue()));
        for (String name : reported.keySet()) verdicts.putIfAbsent(name, new ComponentStates.Verdict(State.UP, ""));
        List<SubsystemStatus> out = new ArrayList<>();
        for (Map.Entry<String, ComponentStates.Verdict> e : verdicts.entrySet()) {
            ComponentStates.Verdict v = ComponentStates.worse(e.getValue(), reported.getOrDefault(e.getKey(), List.of()));
            SubsystemStatus before = last.get(e.getKey());
            Instant since = before != null && before.state() == v.state() ? before.since() : before == null ? started : now;
            SubsystemStatus now1 = new SubsystemStatus(e.getKey(), v.state(), v.reason(), since);
            last.put(e.getKey(), now1);
            out.add(now1);
        }
        boolean ready = out.stream().filter(s -> CORE.contains(s.name())).noneMatch(s -> s.state() == State.DOWN);
        return new ApplianceStatus(version(), started, Duration.between(started, now), ready, out);
    }

    /** Each subsystem's own reports, by name (sorted, so subsystems only reports name come in a fixed order). */
    private Map<String, List<Health>> reported() {
        Map<String, List<Health>> out = new java.util.TreeMap<>();
        for (HealthReport r : reports) {
            Health h;
            String name;
            try {
                name = r.subsystem();
                h = r.health();
            } catch (RuntimeException e) { // a report must not take the status down with it
                name = "unknown";
                h = Health.degraded("a health report failed: " + e);
            }
            if (name == null || name.isBlank() || h == null) continue;
            out.computeIfAbsent(name, k -> new ArrayList<>()).add(h);
        }
        return out;
    }

    /** For tests outside OSGi: the reports DS would inject. */
    void reports(List<HealthReport> reports) {
        this.reports = List.copyOf(reports);
    }

    private ComponentStates.Verdict verdict(Bundle b, String symbolicName) {
        if (b == null) return new ComponentStates.Verdict(State.DOWN, "bundle " + symbolicName + " is not installed (feature:list | grep kiln)");
        if (b.getState() != Bundle.ACTIVE) {
            return new ComponentStates.Verdict(State.DOWN, "bundle " + symbolicName + " is " + bundleState(b.getState())
                    + " (bundle:diag " + symbolicName + " says why)");
        }
        Map<ComponentDescriptionDTO, List<ComponentConfigurationDTO>> m = new LinkedHashMap<>();
        for (ComponentDescriptionDTO d : scr.getComponentDescriptionDTOs(b)) {
            if (scr.isComponentEnabled(d)) m.put(d, List.copyOf(scr.getComponentConfigurationDTOs(d)));
        }
        return ComponentStates.of(m);
    }

    private String version() {
        return context.getBundle().getVersion().toString();
    }

    private static String bundleState(int state) {
        return switch (state) {
            case Bundle.INSTALLED -> "installed but not resolved";
            case Bundle.RESOLVED -> "resolved but not started";
            case Bundle.STARTING -> "starting";
            case Bundle.STOPPING -> "stopping";
            default -> "in state " + state;
        };
    }
}
