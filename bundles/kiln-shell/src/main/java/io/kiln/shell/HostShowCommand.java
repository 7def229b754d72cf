package io.kiln.shell;

import io.kiln.api.KilnException;
import io.kiln.api.inventory.Host;
import io.kiln.api.inventory.HostContext;
import io.kiln.api.inventory.Instance;
import io.kiln.api.inventory.Inventory;
import io.kiln.api.inventory.OnboardingState;
import io.kiln.api.inventory.Versioned;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** kiln:host-show: everything Kiln knows about one host, with its version. */
@Service
@Command(scope = "kiln", name = "host-show", description = "Show all of a host's fields and its version")
public class HostShowCommand extends KilnAction {

    @Reference Inventory inventory;
    @Reference(optional = true) io.kiln.api.onboarding.Onboarding onboarding;
    @Reference(optional = true) io.kiln.api.workflow.Workflows workflows;

    @Argument(index = 0, name = "name", required = true, description = "host name")
    String name;

    @Override
    protected Object run() {
        Versioned<Host> v = inventory.get(Host.class, name).orElseThrow(() -> KilnException.notFound("no host named '" + name + "'"));
        Host h = v.value();
        HostContext c = inventory.context(name).orElseThrow(() -> KilnException.notFound("no host named '" + name + "'"));
        String cluster = c.cluster() == null ? "-" : c.cluster().name() + " (" + Enums.word(c.clusterRole()) + ")";
        line("Name", h.name());
        line("Version", String.valueOf(v.version()));
        line("MACs", String.join(", ", h.macs()));
        line("UUID", HostListCommand.dash(h.uuid()));
        line("Serial", HostListCommand.dash(h.serial()));
        line("Profile", HostListCommand.dash(h.profile()));
        line("Boots", c.boot().describe(h));
        line("IPv4", HostListCommand.dash(h.ipv4()));
        line("Loader", HostListCommand.dash(h.loader()));
        line("Site", HostListCommand.dash(h.site()));
        line("Role", HostListCommand.dash(h.role()));
        line("Cluster", cluster);
        line("BMC", h.bmc() == null ? "-" : h.bmc().address() + " plugin " + HostListCommand.dash(h.bmc().plugin())
                + ", credential " + HostListCommand.dash(h.bmc().credentialRef()));
        line("Labels", Vars.show(h.labels()));
        line("Variables", Vars.show(h.vars()) + (h.vars().isEmpty() ? "" : "  (host level; kiln:host-vars shows the effective ones)"));
        line("Hardware", Vars.show(h.hardware()));
        line("Mode", Enums.word(c.mode()) + (h.mode() != null ? "" : h.site() == null ? " (default)" : " (site '" + h.site() + "')"));
        line("Desired", Enums.word(h.desiredState()));
        line("Current", Enums.word(h.currentState()));
        System.out.println(instanceLine(inventory, h));
        if (workflows != null) {
            line("Workflow", workflows.run(h.name()).map(r -> r.template() + " " + r.state() + " at step " + Runs.position(r)
                    + (r.reason().isEmpty() ? "" : ": " + r.reason()) + "  (kiln:workflow-show " + h.name() + ")").orElse("-"));
        }
        if (onboarding != null) {
            java.util.List<io.kiln.api.onboarding.JournalEntry> path = onboarding.journal(h.name());
            System.out.println("Path:" + (path.isEmpty() ? "      nothing has happened to it yet" : ""));
            for (io.kiln.api.onboarding.JournalEntry e : path) {
                System.out.printf("  %s  %-20s %s%n", e.at().truncatedTo(java.time.temporal.ChronoUnit.SECONDS), e.event(), e.detail());
            }
        }
        return null;
    }

    /** Where the host's OS stands, or what it waits for. */
    static String instanceLine(Inventory inventory, Host h) {
        String text = inventory.get(Instance.class, h.name()).map(Versioned::value)
                .map(i -> state(i) + (i.awaitsStart() && h.currentState() != OnboardingState.ONBOARDED
                        ? " (provisioning starts once the host has onboarded)" : ""))
                .orElseGet(() -> inventory.ztpInstance(h.name())
                        // ZTP gives a host its instance when the host is created; this one has none (removed, or the
                        // host came before its site turned ZTP): say what installs it without guessing which
                        .map(z -> "none (ZTP creates instances with new hosts only; kiln:instance-add --profile " + z.profile() + " "
                                + h.name() + " installs it)")
                        .orElse("none: waits for an operator (kiln:instance-add --profile <os> " + h.name() + ")"));
        return String.format("%-10s %s", "Instance:", text);
    }

    /** "microos, desired running, current pending". */
    static String state(Instance i) {
        return i.profile() + ", desired " + Enums.word(i.desired()) + ", current " + Enums.word(i.current());
    }

    private static void line(String label, String value) {
        System.out.printf("%-10s %s%n", label + ":", value);
    }
}
