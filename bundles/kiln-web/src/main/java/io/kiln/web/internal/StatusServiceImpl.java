package io.kiln.web.internal;

import io.kiln.api.status.ApplianceStatus;
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
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;

/**
 * Every subsystem's state from what the OSGi framework and the Service Component Runtime know: its bundle, and each
 * of its DS components (running, waiting for a service, or failed to start and why). Nothing reports into it, so a
 * subsystem that failed to start is seen as well as one that runs. Kept here, in the bundle with the fewest needs
 * (the runtime only), so it answers whatever else is down.
 */
@Component(service = StatusService.class)
public class StatusServiceImpl implements StatusService {
    /** Subsystem name -> its bundle, in the order an operator reads them. */
    static final Map<String, String> SUBSYSTEMS = subsystems();
    /** What must not be down for the appliance to be ready: the inventory and booting over HTTP. */
    static final List<String> CORE = List.of("store", "inventory", "boot");

    private final ServiceComponentRuntime scr;
    private final BundleContext context;
    private final Clock clock;
    private final Instant started;
    /** Since when each subsystem has been in its state; guarded by this. */
    private final Map<String, SubsystemStatus> last = new HashMap<>();

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
        m.put("templates", "kiln-templates");
        m.put("boot", "kiln-boot");
        m.put("dhcp", "kiln-dhcp");
        m.put("tftp", "kiln-tftp");
        m.put("rest", "kiln-web");
        m.put("gitops", "kiln-gitops");
        return java.util.Collections.unmodifiableMap(m);
    }

    @Override
    public synchronized ApplianceStatus status() {
        Map<String, Bundle> bundles = new HashMap<>();
        for (Bundle b : context.getBundles()) bundles.put(b.getSymbolicName(), b);
        Instant now = clock.instant();
        List<SubsystemStatus> out = new ArrayList<>();
        for (Map.Entry<String, String> s : SUBSYSTEMS.entrySet()) {
            ComponentStates.Verdict v = verdict(bundles.get(s.getValue()), s.getValue());
            SubsystemStatus before = last.get(s.getKey());
            Instant since = before != null && before.state() == v.state() ? before.since() : before == null ? started : now;
            SubsystemStatus now1 = new SubsystemStatus(s.getKey(), v.state(), v.reason(), since);
            last.put(s.getKey(), now1);
            out.add(now1);
        }
        boolean ready = out.stream().filter(s -> CORE.contains(s.name())).noneMatch(s -> s.state() == State.DOWN);
        return new ApplianceStatus(version(), started, Duration.between(started, now), ready, out);
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
