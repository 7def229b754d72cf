package io.kiln.shell;

import io.kiln.api.KilnException;
import io.kiln.api.inventory.Host;
import io.kiln.api.inventory.HostStatus;
import io.kiln.api.inventory.Instance;
import io.kiln.api.inventory.Inventory;
import io.kiln.api.inventory.OnboardingState;
import io.kiln.api.inventory.Versioned;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/**
 * kiln:host-state: sets a host's desired onboarding state (its spec, as PUT /api/v1/hosts/{name} with desiredState)
 * and/or its current one (its status, as PUT /api/v1/hosts/{name}/status), e.g. quarantine a host, or record by
 * hand that it has onboarded. Each part is written apart, with its own version.
 */
@Service
@Command(scope = "kiln", name = "host-state", description = "Set a host's desired and/or current onboarding state")
public class HostStateCommand extends KilnAction {

    @Reference Inventory inventory;

    @Option(name = "--desired", description = "registered, onboarding, onboarded, quarantined or error")
    String desired;

    @Option(name = "--current", description = "registered, onboarding, onboarded, quarantined or error (normally Kiln's own:"
            + " onboarding sets it)")
    String current;

    @Argument(index = 0, name = "host", required = true, description = "host name")
    String name;

    @Override
    protected Object run() {
        if (desired == null && current == null) throw KilnException.invalid("give --desired and/or --current");
        Versioned<Host> v = inventory.get(Host.class, name).orElseThrow(() -> KilnException.notFound("no host named '" + name + "'"));
        OnboardingState d = desired == null ? null : Enums.parse(OnboardingState.class, desired, "--desired");
        OnboardingState c = current == null ? null : Enums.parse(OnboardingState.class, current, "--current");
        if (d != null) v = inventory.save(v.value().toBuilder().desiredState(d).build(), v.version());
        Versioned<HostStatus> status = inventory.hostStatus(name).orElseThrow(() -> KilnException.notFound("no host named '" + name + "'"));
        if (c != null) status = inventory.saveStatus(status.value().withCurrentState(c), status.version());
        System.out.println("Host " + name + " (version " + v.version() + ", status version " + status.version() + "): desired "
                + Enums.word(v.value().desiredState()) + ", current " + Enums.word(status.value().currentState()));
        inventory.get(Instance.class, name).map(Versioned::value).ifPresent(i ->
                System.out.println("Instance: " + HostShowCommand.state(i)));
        return null;
    }
}
