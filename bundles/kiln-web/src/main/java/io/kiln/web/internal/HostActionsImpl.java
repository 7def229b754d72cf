package io.kiln.web.internal;

import io.kiln.api.KilnException;
import io.kiln.api.fleet.HostAction;
import io.kiln.api.fleet.HostActions;
import io.kiln.api.hardware.HardwareService;
import io.kiln.api.hardware.InterfaceChoice;
import io.kiln.api.hardware.PluginExplanation;
import io.kiln.api.inventory.Host;
import io.kiln.api.inventory.Inventory;
import io.kiln.api.inventory.OnboardingState;
import io.kiln.api.onboarding.Onboarding;
import io.kiln.api.onboarding.PendingMachine;
import io.kiln.api.workflow.RunState;
import io.kiln.api.workflow.WorkflowRun;
import io.kiln.api.workflow.Workflows;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/**
 * {@link HostActions}: each action's rule in one place, with the REST call that performs it (the workflow resource,
 * the power and boot-device resources, the pending machines' approve and reject). Power and PXE come from the plugin
 * choice of {@link HardwareService#explain} (no call to the BMC).
 */
@Component(service = HostActions.class)
public final class HostActionsImpl implements HostActions {
    private final Inventory inventory;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    private volatile Workflows workflows;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    private volatile HardwareService hardware;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    private volatile Onboarding onboarding;

    @Activate
    public HostActionsImpl(@Reference Inventory inventory) {
        this.inventory = inventory;
    }

    HostActionsImpl(Inventory inventory, Workflows workflows, HardwareService hardware, Onboarding onboarding) {
        this.inventory = inventory;
        this.workflows = workflows;
        this.hardware = hardware;
        this.onboarding = onboarding;
    }

    @Override
    public List<HostAction> actions(String name) {
        Host h = inventory.host(name).orElseThrow(() -> KilnException.notFound("no host named '" + name + "'"));
        List<HostAction> out = new ArrayList<>();
        pending(h, out);
        workflow(h, out);
        hardware(h, out);
        return out;
    }

    /** approve, reject: a machine waits to onboard as this host (it resembles it, or has one of its MACs). */
    private void pending(Host h, List<HostAction> out) {
        Onboarding o = onboarding;
        String why = null;
        PendingMachine waiting = null;
        if (o == null) {
            why = "onboarding is not running (kiln:status says why)";
        } else {
            try {
                for (PendingMachine m : o.pending()) {
                    if (m.state() != PendingMachine.State.PENDING) continue;
                    if (h.name().equals(m.candidate()) || m.macs().stream().anyMatch(h.macs()::contains)) {
                        waiting = m;
                        break;
                    }
                }
                if (waiting == null) why = "no machine waits to onboard as this host";
            } catch (KilnException e) {
                why = "the pending machines cannot be read: " + e.getMessage();
            }
        }
        if (waiting == null) {
            out.add(new HostAction("approve", false, why, "POST", null, null));
            out.add(new HostAction("reject", false, why, "POST", null, null));
        } else {
            String base = "/api/v1/pending/" + waiting.id();
            out.add(new HostAction("approve", true, null, "POST", base + "/approve", Map.of("host", h.name())));
            out.add(new HostAction("reject", true, null, "POST", base + "/reject", null));
        }
    }

    /** reprovision, deprovision, cancel, release, detach, attach: from the host's state and its workflow run. */
    private void workflow(Host h, List<HostAction> out) {
        String runs = "/api/v1/workflow-runs/" + h.name();
        Workflows w = workflows;
        if (w == null) {
            String why = "the workflow engine is not running (kiln:status says why)";
            for (String a : List.of("reprovision", "deprovision", "cancel", "release", "detach", "attach")) {
                out.add(new HostAction(a, false, why, a.equals("cancel") ? "DELETE" : "POST", a.endsWith("provision") || a.equals("cancel") ? runs
                        : runs + "/" + a, a.endsWith("provision") ? Map.of("template", a) : null));
            }
            return;
        }
        Optional<WorkflowRun> run = w.run(h.name());
        RunState state = run.map(WorkflowRun::state).orElse(null);
        boolean quarantined = h.currentState() == OnboardingState.QUARANTINED || state == RunState.QUARANTINED;
        String active = state != null && state.active() ? "workflow " + run.get().template() + " is " + word(state) + " (cancel it first)" : null;
        String detached = state == RunState.DETACHED ? "the host is detached: attach it first" : null;
        String startBlocked = quarantined ? "the host is quarantined: release it first" : active != null ? active : detached;
        for (String template : List.of("reprovision", "deprovision")) {
            out.add(new HostAction(template, startBlocked == null, startBlocked, "POST", runs, Map.of("template", template)));
        }
        // what Workflows.cancel accepts: an active run (a quarantined one too: the host then stays QUARANTINED)
        String cancelBlocked = run.isEmpty() ? "the host has never run a workflow" : detached != null ? "the host is detached: no workflow runs"
                : active == null ? "no workflow runs (the last one, " + run.get().template() + ", " + word(state) + ")" : null;
        out.add(new HostAction("cancel", cancelBlocked == null, cancelBlocked, "DELETE", runs, null));
        out.add(new HostAction("release", quarantined, quarantined ? null : "only a quarantined host is released (it is " + word(h.currentState()) + ")",
                "POST", runs + "/release", null));
        out.add(new HostAction("detach", detached == null, detached == null ? null : "the host is detached already", "POST", runs + "/detach", null));
        String attachBlocked = active != null ? active : null;
        out.add(new HostAction("attach", attachBlocked == null, attachBlocked, "POST", runs + "/attach", null));
    }

    /** power-on, power-off, power-cycle, pxe-once: a BMC, and a plugin of it that serves power (boot) for this host. */
    private void hardware(Host h, List<HostAction> out) {
        String power = "/api/v1/hosts/" + h.name() + "/power", boot = "/api/v1/hosts/" + h.name() + "/boot-device";
        String powerWhy, bootWhy;
        HardwareService hw = hardware;
        if (h.bmc() == null) {
            powerWhy = bootWhy = "the host has no BMC";
        } else if (hw == null) {
            powerWhy = bootWhy = "the hardware plugins are not running (kiln:status says why)";
        } else {
            PluginExplanation ex;
            try {
                ex = hw.explain(h.name());
                powerWhy = refusal(ex, "power", "power control");
                bootWhy = refusal(ex, "boot", "a one-time boot device");
            } catch (KilnException e) {
                powerWhy = bootWhy = "the plugin choice failed: " + e.getMessage();
            }
        }
        out.add(new HostAction("power-on", powerWhy == null, powerWhy, "POST", power, Map.of("action", "on")));
        out.add(new HostAction("power-off", powerWhy == null, powerWhy, "POST", power, Map.of("action", "off")));
        out.add(new HostAction("power-cycle", powerWhy == null, powerWhy, "POST", power, Map.of("action", "cycle")));
        out.add(new HostAction("pxe-once", bootWhy == null, bootWhy, "POST", boot, Map.of("device", "pxe", "persistent", false)));
    }

    /** Why no plugin can do it for this host, or null when one can. */
    static String refusal(PluginExplanation ex, String hardwareInterface, String what) {
        for (InterfaceChoice c : ex.interfaces()) {
            if (!c.hardwareInterface().equals(hardwareInterface)) continue;
            if (c.plugin() == null) return "no plugin of this host's BMC supports " + what + ": " + c.why();
            if (!c.problems().isEmpty()) return "plugin " + c.plugin() + " refuses the host's settings: " + String.join("; ", c.problems());
            return null;
        }
        return "no plugin of this host's BMC supports " + what;
    }

    private static String word(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT).replace('_', ' ');
    }
}
