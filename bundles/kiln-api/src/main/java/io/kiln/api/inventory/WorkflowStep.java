package io.kiln.api.inventory;

import io.kiln.api.KilnException;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One step of a {@link WorkflowTemplate}: an action Kiln runs (on the appliance: power, boot device, virtual media,
 * firmware, waiting for an event or an operator, notifying) or hands to the host's node agent (wipe, image, files,
 * script, drivers, reboot), with its retry policy, timeout, gates and compensation. The action types, their
 * parameters and where each runs are listed by {@code kiln:workflow-actions}.
 *
 * @param name           unique in its template (defaults to the type)
 * @param type           the action, e.g. {@code power-on}, {@code image}, {@code wait-first-boot}
 * @param on             where it runs: {@code appliance} or {@code agent}; null: where the type runs (a value that
 *                       differs is refused, so a template says what it means)
 * @param parameters     the action's parameters; values may name the host's variables as {@code ${name}}
 * @param timeoutSeconds how long one attempt may take before it counts as failed; 0: the type's default
 * @param retries        how many times a failed attempt is tried again (0: never)
 * @param backoffSeconds the wait before the first retry, doubled for each further one (at most 10 minutes)
 * @param idempotent     whether running it twice is harmless; null: the type's default. After a crash, a step that
 *                       may have run and is not idempotent is checked (where its type can be) or stops the workflow in
 *                       ERROR, never blindly run again
 * @param compensate     what undoes this step when a later step fails for good (run in reverse order), or null
 * @param gates          conditions that must hold before the step runs, e.g. {@code memory >= 64GiB},
 *                       {@code pci has 10de:2330}, {@code disks >= 2}, {@code fact bios.version >= 2.1}; a failed
 *                       gate quarantines the host
 */
public record WorkflowStep(String name, String type, String on, Map<String, String> parameters, int timeoutSeconds, int retries,
                           int backoffSeconds, Boolean idempotent, WorkflowStep compensate, List<String> gates) {
    public WorkflowStep {
        if (type == null || !type.matches("[a-z][a-z0-9-]{0,63}")) {
            throw KilnException.invalid("step type '" + type + "' is not a lower-case word (kiln:workflow-actions lists the types)");
        }
        name = name == null || name.isBlank() ? type : Names.require("step name", name);
        on = on == null || on.isBlank() ? null : on.trim().toLowerCase(java.util.Locale.ROOT);
        if (on != null && !on.equals("appliance") && !on.equals("agent")) {
            throw KilnException.invalid("step '" + name + "': on: '" + on + "' is neither appliance nor agent");
        }
        parameters = parameters == null ? Map.of() : Map.copyOf(new TreeMap<>(parameters));
        if (timeoutSeconds < 0 || retries < 0 || backoffSeconds < 0) {
            throw KilnException.invalid("step '" + name + "': timeoutSeconds, retries and backoffSeconds must not be negative");
        }
        if (retries > 100) throw KilnException.invalid("step '" + name + "': retries " + retries + " is more than 100");
        if (compensate != null && compensate.compensate() != null) {
            throw KilnException.invalid("step '" + name + "': a compensating action cannot have a compensation of its own");
        }
        gates = gates == null ? List.of() : List.copyOf(gates);
    }

    /** A step of a type with its defaults. */
    public static WorkflowStep of(String type) {
        return new WorkflowStep(null, type, null, null, 0, 0, 0, null, null, null);
    }
}
