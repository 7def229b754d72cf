package io.kiln.workflow.internal;

import io.kiln.api.inventory.WorkflowStep;
import io.kiln.api.inventory.WorkflowTemplate;
import java.util.List;
import java.util.Map;

/** The templates Kiln ships ({@link WorkflowTemplate#BUILT_IN}); an inventory template of the same name replaces one. */
final class BuiltInTemplates {
    static final String ZTP = "ztp";

    private BuiltInTemplates() {
    }

    static List<WorkflowTemplate> all() {
        return List.of(ztp(), reprovision(), deprovision(), firmwareRefresh(), attach());
    }

    private static WorkflowStep step(String type) {
        return WorkflowStep.of(type);
    }

    private static WorkflowStep retried(String type, int retries, int backoff, WorkflowStep compensate) {
        return new WorkflowStep(null, type, null, null, 0, retries, backoff, null, compensate, null);
    }

    /** Power on with a one-time PXE boot, wait for onboarding, stream the image, write the seed, reboot, wait for first boot. */
    static WorkflowTemplate ztp() {
        return new WorkflowTemplate(ZTP, "Zero-touch provisioning: one-time PXE boot and power on (hosts with a BMC), wait for the node agent"
                + " to onboard, write the OS image and its NoCloud seed, reboot into it, wait for its first boot", List.of(
                new WorkflowStep(null, "boot-device", null, Map.of("device", "pxe"), 0, 2, 10, null, null, null),
                retried("power-on", 2, 10, null),
                step("wait-onboarded"),
                retried("image", 2, 10, step("wipe")),
                retried("files", 2, 10, null),
                step("reboot"),
                step("wait-first-boot")));
    }

    static WorkflowTemplate reprovision() {
        return new WorkflowTemplate("reprovision", "The same host, a new instance: network boot into the micro-OS, write the image again,"
                + " reboot, wait for first boot", List.of(
                new WorkflowStep(null, "boot-device", null, Map.of("device", "pxe"), 0, 2, 10, null, null, null),
                retried("power-cycle", 2, 10, null),
                step("wait-onboarded"),
                retried("image", 2, 10, step("wipe")),
                retried("files", 2, 10, null),
                step("reboot"),
                step("wait-first-boot")));
    }

    static WorkflowTemplate deprovision() {
        return new WorkflowTemplate("deprovision", "Wipe the disk, power off, release the host (REGISTERED, no instance)", List.of(
                new WorkflowStep(null, "boot-device", null, Map.of("device", "pxe"), 0, 2, 10, null, null, null),
                retried("power-cycle", 2, 10, null),
                step("wait-onboarded"),
                retried("wipe", 2, 10, null),
                retried("power-off", 2, 10, null),
                step("release")));
    }

    static WorkflowTemplate attach() {
        return new WorkflowTemplate("attach", "Adopt a host that runs already: read its hardware through its BMC (where it has one), then its"
                + " instance is RUNNING as it is", List.of(retried("inspect", 1, 10, null), step("adopt")));
    }

    static WorkflowTemplate firmwareRefresh() {
        return new WorkflowTemplate("firmware-refresh", "Update the firmware from the host's variable firmware.image through its BMC", List.of(
                new WorkflowStep(null, "firmware-update", null, Map.of("image", "${firmware.image}"), 0, 0, 0, null, null, null)));
    }
}
