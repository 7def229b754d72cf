package io.kiln.web.internal;

import io.kiln.api.status.SubsystemStatus.State;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;
import org.osgi.service.component.runtime.dto.ReferenceDTO;
import org.osgi.service.component.runtime.dto.UnsatisfiedReferenceDTO;

/**
 * A subsystem's state from its bundle's DS components, as the Service Component Runtime reports them: up when every
 * component runs, degraded when some do, down when none does; the reason is each failing component's own one line
 * (the deepest "Caused by" of an activation failure, or the services it waits for), never a stack trace.
 */
final class ComponentStates {
    private ComponentStates() {
    }

    /** A state and its reason. */
    record Verdict(State state, String reason) {
    }

    /** @param configurations each enabled component's description and its configurations (none: not created) */
    static Verdict of(Map<ComponentDescriptionDTO, List<ComponentConfigurationDTO>> configurations) {
        int running = 0;
        List<String> reasons = new ArrayList<>();
        for (Map.Entry<ComponentDescriptionDTO, List<ComponentConfigurationDTO>> e : configurations.entrySet()) {
            String why = whyNotRunning(e.getKey(), e.getValue());
            if (why == null) running++;
            else reasons.add(shortName(e.getKey().name) + ": " + why);
        }
        if (reasons.isEmpty()) return new Verdict(State.UP, "");
        return new Verdict(running == 0 ? State.DOWN : State.DEGRADED, String.join("; ", reasons));
    }

    /** The worse of the components' verdict and the subsystem's own reports; reasons of all that are not up, joined. */
    static Verdict worse(Verdict components, List<io.kiln.api.status.Health> reports) {
        State state = components.state();
        List<String> reasons = new ArrayList<>();
        if (!components.reason().isEmpty()) reasons.add(components.reason());
        for (io.kiln.api.status.Health h : reports) {
            if (h.state().compareTo(state) > 0) state = h.state();
            // an up report rarely has words, but when it does (turned off on purpose) the operator should read them
            if (!h.reason().isEmpty()) reasons.add(h.reason());
        }
        return new Verdict(state, String.join("; ", reasons));
    }

    /** Null when the component runs (active, or satisfied and waiting to be used). */
    static String whyNotRunning(ComponentDescriptionDTO d, List<ComponentConfigurationDTO> configs) {
        if (configs.isEmpty()) return "not created";
        List<String> why = new ArrayList<>();
        for (ComponentConfigurationDTO c : configs) {
            switch (c.state) {
                case ComponentConfigurationDTO.ACTIVE, ComponentConfigurationDTO.SATISFIED -> {
                    return null;
                }
                case ComponentConfigurationDTO.FAILED_ACTIVATION -> why.add("failed to start: " + failure(c.failure));
                case ComponentConfigurationDTO.UNSATISFIED_CONFIGURATION -> why.add("waits for its configuration");
                default -> why.add("waits for " + waitingFor(d, c));
            }
        }
        return String.join("; ", why);
    }

    private static String waitingFor(ComponentDescriptionDTO d, ComponentConfigurationDTO c) {
        UnsatisfiedReferenceDTO[] missing = c.unsatisfiedReferences == null ? new UnsatisfiedReferenceDTO[0] : c.unsatisfiedReferences;
        if (missing.length == 0) return "its references";
        return Arrays.stream(missing).map(u -> Arrays.stream(d.references == null ? new ReferenceDTO[0] : d.references)
                .filter(r -> r.name.equals(u.name)).findFirst().map(r -> shortName(r.interfaceName)).orElse(u.name))
                .collect(Collectors.joining(", ")) + " (not running)";
    }

    /** The deepest cause's message of an activation failure (its first line), without exception class names. */
    static String failure(String trace) {
        if (trace == null || trace.isBlank()) return "(no reason given)";
        String line = trace.lines().findFirst().orElse("");
        for (String l : trace.lines().toList()) if (l.startsWith("Caused by: ")) line = l.substring("Caused by: ".length());
        // "java.lang.IllegalArgumentException: port = abc ..." -> "port = abc ..."
        return line.replaceFirst("^([a-zA-Z_$][\\w$]*\\.)+[A-Z][\\w$]*(Exception|Error)(: )?", "").trim();
    }

    static String shortName(String className) {
        int dot = className == null ? -1 : className.lastIndexOf('.');
        return dot < 0 ? String.valueOf(className) : className.substring(dot + 1);
    }
}
