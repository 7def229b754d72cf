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
 * hand that it has onboarded (only as an operator may change it: Inventory#saveStatusByHand, as REST); and hardware facts of its status ({@code --hardware pci=...}) as inspection would
 * write them. Each part is written apart, with its own version.
 */
@Service
@Command(scope = "kiln", name = "host-state", description = "Set a host's desired and/or current onboarding state")
public class HostStateCommand extends KilnAction {

    @Reference Inventory inventory;

    @Option(name = "--desired", description = "registered, onboarding, onboarded, quarantined or error")
    String desired;

    @Option(name = "--current", description = "registered, onboarded or error, as the state it has allows (a refusal names what can be"
            + " set; quarantine is the workflow's: kiln:host-release); normally Kiln's own: onboarding sets it")
    String current;

    @Option(name = "--hardware", multiValued = true, description = "a hardware fact key=value of the host's status (repeatable; key= removes it),"
            + " e.g. --hardware pci=\"10de:2330@0000:3b:00.0 15b3:101d@0000:5e:00.0\" (normally Kiln's own: inspection writes them)")
    java.util.List<String> hardware;

    @Argument(index = 0, name = "host", required = true, description = "host name")
    String name;

    @Override
    protected Object run() {
        if (desired == null && current == null && hardware == null) throw KilnException.invalid("give --desired, --current and/or --hardware");
        Versioned<Host> v = inventory.get(Host.class, name).orElseThrow(() -> KilnException.notFound("no host named '" + name + "'"));
        OnboardingState d = desired == null ? null : Enums.parse(OnboardingState.class, desired, "--desired");
        OnboardingState c = current == null ? null : Enums.parse(OnboardingState.class, current, "--current");
        if (d != null) v = inventory.save(v.value().toBuilder().desiredState(d).build(), v.version());
        Versioned<HostStatus> status = inventory.hostStatus(name).orElseThrow(() -> KilnException.notFound("no host named '" + name + "'"));
        if (c != null || hardware != null) {
            HostStatus now = status.value();
            status = inventory.saveStatusByHand(new HostStatus(name, c != null ? c : now.currentState(), facts(now.hardware(), hardware)), status.version());
        }
        System.out.println("Host " + name + " (version " + v.version() + ", status version " + status.version() + "): desired "
                + Enums.word(v.value().desiredState()) + ", current " + Enums.word(status.value().currentState()));
        inventory.get(Instance.class, name).map(Versioned::value).ifPresent(i ->
                System.out.println("Instance: " + HostShowCommand.state(i)));
        if (hardware != null) status.value().hardware().forEach((k, val) -> System.out.println("Hardware: " + k + " = " + val));
        return null;
    }

    /** The facts with each {@code key=value} set ({@code key=} removes it); a pci fact is checked as PciEntry reads it. */
    static java.util.Map<String, String> facts(java.util.Map<String, String> now, java.util.List<String> changes) {
        java.util.Map<String, String> out = new java.util.TreeMap<>(now);
        if (changes == null) return out;
        for (String c : changes) {
            int eq = c.indexOf('=');
            if (eq <= 0) throw KilnException.invalid("--hardware '" + c + "' is not key=value");
            String key = c.substring(0, eq).trim(), value = c.substring(eq + 1).trim();
            if (value.isEmpty()) {
                out.remove(key);
                continue;
            }
            if (key.equals(io.kiln.api.hardware.PciEntry.KEY)) value = io.kiln.api.hardware.PciEntry.format(io.kiln.api.hardware.PciEntry.parse(value));
            out.put(key, value);
        }
        return out;
    }
}
