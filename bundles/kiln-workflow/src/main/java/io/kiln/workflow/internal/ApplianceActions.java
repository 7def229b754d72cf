package io.kiln.workflow.internal;

import io.kiln.api.KilnException;
import io.kiln.api.events.EventSource;
import io.kiln.api.hardware.BootChoice;
import io.kiln.api.hardware.FirmwareUpdate;
import io.kiln.api.hardware.HardwareService;
import io.kiln.api.hardware.InspectionResult;
import io.kiln.api.hardware.MediaAction;
import io.kiln.api.hardware.PowerCommand;
import io.kiln.api.hardware.PowerReading;
import io.kiln.api.inventory.Host;
import io.kiln.api.inventory.HostStatus;
import io.kiln.api.inventory.Inventory;
import io.kiln.api.inventory.OnboardingState;
import io.kiln.api.inventory.Versioned;
import java.time.Duration;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The actions that run on the appliance and end in one call: power, boot device, virtual media, firmware, BMC
 * inspection, notifications, release. Called on the engine's action pool, with the step's timeout around them.
 */
final class ApplianceActions {
    private final Inventory inventory;
    private final Supplier<HardwareService> hardware;
    private final Timeline timeline;

    ApplianceActions(Inventory inventory, Supplier<HardwareService> hardware, Timeline timeline) {
        this.inventory = inventory;
        this.hardware = hardware;
        this.timeline = timeline;
    }

    Outcome run(ActionType type, Map<String, String> params, String host, Duration timeout) {
        Host h = inventory.host(host).orElseThrow(() -> KilnException.notFound("no host named '" + host + "'"));
        return switch (type) {
            case POWER_ON -> power(h, PowerCommand.ON);
            case POWER_OFF -> power(h, PowerCommand.OFF);
            case POWER_CYCLE -> power(h, PowerCommand.CYCLE);
            case BOOT_DEVICE -> {
                if (h.bmc() == null) yield noBmc("set its boot device");
                BootChoice device = BootChoice.parse(params.getOrDefault("device", "pxe"));
                boolean persistent = Boolean.parseBoolean(params.getOrDefault("persistent", "false"));
                var s = hw().setBootDevice(host, device, null, persistent);
                yield Outcome.ok("boot device " + s.device() + (s.persistent() ? " from now on" : " for the next boot") + " (plugin " + s.plugin() + ")");
            }
            case MEDIA_INSERT, MEDIA_EJECT -> {
                if (h.bmc() == null) yield Outcome.failed("host '" + host + "' has no BMC, so no virtual media");
                MediaAction a = type == ActionType.MEDIA_INSERT ? MediaAction.INSERT : MediaAction.EJECT;
                var r = hw().virtualMedia(host, a, a == MediaAction.INSERT ? require(params, "image") : null);
                yield Outcome.ok(r.action() + (r.image() == null ? "" : " " + r.image()) + " (plugin " + r.plugin() + ")");
            }
            case FIRMWARE_UPDATE -> {
                if (h.bmc() == null) yield Outcome.failed("host '" + host + "' has no BMC, so Kiln cannot update its firmware");
                FirmwareUpdate u = hw().startFirmwareUpdate(host, require(params, "image"), Boolean.parseBoolean(params.getOrDefault("push", "false")));
                FirmwareUpdate end = hw().awaitFirmwareUpdate(host, u.id(), timeout);
                if (!end.ended()) yield Outcome.failed("firmware update " + u.id() + " still runs after " + timeout.toSeconds() + " s: " + end.message());
                yield end.state() == FirmwareUpdate.State.DONE
                        ? Outcome.ok("firmware update " + u.id() + " done: " + end.changes().size() + " change(s)", Map.of("update", u.id()))
                        : Outcome.failed("firmware update " + u.id() + " failed: " + end.message());
            }
            case INSPECT -> {
                if (h.bmc() == null) yield noBmc("inspect it");
                InspectionResult r = hw().inspect(host);
                yield Outcome.ok(r.hardware().size() + " hardware fact(s) from plugin " + r.plugin());
            }
            case NOTIFY -> {
                String message = params.getOrDefault("message", "workflow notification");
                timeline.record(host, EventSource.WORKFLOW, "notify", message);
                yield Outcome.ok("notified: " + message);
            }
            case CHECK -> Outcome.ok("gates hold");
            case RELEASE -> release(host);
            case ADOPT -> adopt(h);
            default -> throw new IllegalStateException(type + " is not a one-call appliance action");
        };
    }

    private Outcome power(Host h, PowerCommand c) {
        if (h.bmc() == null) return noBmc(doTo(c));
        PowerReading r = hw().power(h.name(), c);
        return Outcome.ok("power " + c.operatorName() + ": the BMC reports " + r.state() + " (plugin " + r.plugin() + ")");
    }

    /** What the command does to the host, to end "Kiln cannot ..." (no "power it cycle"). */
    static String doTo(PowerCommand c) {
        return switch (c) {
            case ON -> "power it on";
            case OFF -> "power it off";
            case GRACEFUL_OFF -> "shut it down gracefully";
            case CYCLE -> "power-cycle it";
        };
    }

    private static Outcome noBmc(String what) {
        return Outcome.skipped("the host has no BMC, so Kiln cannot " + what + " (do it by hand)");
    }

    private HardwareService hw() {
        HardwareService h = hardware.get();
        if (h == null) throw new KilnException(KilnException.Kind.UNAVAILABLE, "the hardware plugin service (kiln-plugins) is not running");
        return h;
    }

    private static String require(Map<String, String> params, String name) {
        String v = params.get(name);
        if (v == null || v.isBlank()) throw KilnException.invalid("parameter " + name + " is missing");
        return v;
    }

    /** The host's instance is RUNNING as it is (created from its profile when it has none). */
    private Outcome adopt(Host h) {
        var existing = inventory.get(io.kiln.api.inventory.Instance.class, h.name());
        if (existing.isEmpty()) {
            String profile = inventory.ztpInstance(h.name()).map(io.kiln.api.inventory.Instance::profile).orElse(h.profile());
            if (profile == null) return Outcome.ok("the host has no OS profile, so no instance: it is managed again as it is");
            inventory.save(new io.kiln.api.inventory.Instance(h.name(), profile, io.kiln.api.inventory.ProvisioningState.RUNNING, null),
                    io.kiln.api.inventory.Inventory.MUST_NOT_EXIST);
        }
        for (int i = 0; ; i++) {
            var s = inventory.instanceStatus(h.name()).orElseThrow(() -> KilnException.notFound("host '" + h.name() + "' has no instance"));
            if (s.value().current() == io.kiln.api.inventory.ProvisioningState.RUNNING) return Outcome.ok("instance RUNNING (adopted as it is)");
            try {
                inventory.saveStatus(new io.kiln.api.inventory.InstanceStatus(h.name(), io.kiln.api.inventory.ProvisioningState.RUNNING), s.version());
            } catch (KilnException e) {
                if (e.kind() != KilnException.Kind.CONFLICT || i > 5) throw e;
            }
        }
    }

    /** The host forgets its instance and is REGISTERED again, as a host never onboarded. */
    private Outcome release(String host) {
        inventory.get(io.kiln.api.inventory.Instance.class, host).ifPresent(v -> inventory.delete(io.kiln.api.inventory.Instance.class, host, v.version()));
        for (int i = 0; ; i++) {
            Versioned<HostStatus> s = inventory.hostStatus(host).orElseThrow(() -> KilnException.notFound("no host named '" + host + "'"));
            try {
                inventory.saveStatus(s.value().withCurrentState(OnboardingState.REGISTERED), s.version());
                return Outcome.ok("instance removed; host REGISTERED");
            } catch (KilnException e) {
                if (e.kind() != KilnException.Kind.CONFLICT || i > 5) throw e;
            }
        }
    }
}
