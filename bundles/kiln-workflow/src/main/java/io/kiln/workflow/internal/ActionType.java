package io.kiln.workflow.internal;

import java.util.Locale;

/**
 * The actions a workflow step can name: where each runs, whether running it twice is harmless, how long one
 * attempt may take by default, and its parameters. One place: templates are checked against it, the engine
 * dispatches on it, {@code kiln:workflow-actions} prints it.
 */
enum ActionType {
    POWER_ON(true, true, 120, "", "power the host on through its BMC (skipped for a host without a BMC)"),
    POWER_OFF(true, true, 120, "", "power the host off through its BMC (skipped without a BMC)"),
    POWER_CYCLE(true, false, 180, "", "power-cycle the host (skipped without a BMC)"),
    BOOT_DEVICE(true, true, 60, "device=pxe|disk|http|cd|bios persistent=false", "set the device the host boots from next (skipped without a BMC)"),
    MEDIA_INSERT(true, true, 120, "image=URL", "insert an image into the host's virtual CD"),
    MEDIA_EJECT(true, true, 60, "", "eject the host's virtual CD"),
    FIRMWARE_UPDATE(true, false, 3600, "image=URL push=false", "update the host's firmware through its BMC and wait for it to end"),
    INSPECT(true, true, 300, "", "read the host's hardware facts from its BMC"),
    WAIT_ONBOARDED(true, true, 3600, "", "wait until the host's node agent onboards (after this run started)"),
    WAIT_FIRST_BOOT(true, true, 3600, "", "wait until the installed system reports its first boot; the instance is then RUNNING"),
    WAIT_APPROVAL(true, true, 0, "", "wait until an operator approves (kiln:workflow-approve)"),
    DELAY(true, true, 0, "seconds=N", "wait N seconds"),
    NOTIFY(true, true, 30, "message=TEXT", "put a notification on the host's timeline (and the webhooks)"),
    CHECK(true, true, 30, "", "nothing but its gates"),
    RELEASE(true, true, 60, "", "forget the host's instance and make it REGISTERED again (end of deprovisioning)"),
    ADOPT(true, true, 60, "", "take the host's running OS as it is: its instance is RUNNING without being provisioned (attach)"),
    WIPE(false, true, 1800, "", "zero the partition tables of the disk the root-device hints choose"),
    IMAGE(false, true, 7200, "url=... sha256=... (default: the instance's profile image)", "stream the OS image to the chosen disk"),
    FILES(false, true, 300, "", "write the NoCloud seed and the host's credentials into the installed system"),
    WRITE_FILE(false, true, 300, "path=/... content=TEXT mode=0644 partition=1", "write one file into the installed system"),
    SCRIPT(false, false, 600, "script=TEXT", "run a shell script in the micro-OS"),
    REBOOT(false, false, 300, "", "reboot the host (into its disk once the image is written)");

    final boolean appliance;
    final boolean idempotent;
    final int defaultTimeoutSeconds;
    final String parameters;
    final String description;

    ActionType(boolean appliance, boolean idempotent, int defaultTimeoutSeconds, String parameters, String description) {
        this.appliance = appliance;
        this.idempotent = idempotent;
        this.defaultTimeoutSeconds = defaultTimeoutSeconds;
        this.parameters = parameters;
        this.description = description;
    }

    /** As templates name it: power-on, wait-first-boot, ... */
    String word() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    String where() {
        return appliance ? "appliance" : "agent";
    }

    boolean isWait() {
        return this == WAIT_ONBOARDED || this == WAIT_FIRST_BOOT || this == WAIT_APPROVAL || this == DELAY;
    }

    /** The type a template names, or null. */
    static ActionType of(String word) {
        for (ActionType t : values()) if (t.word().equals(word)) return t;
        return null;
    }

    String describe() {
        return String.format("%-16s %-9s %-14s %s%s", word(), where(), idempotent ? "idempotent" : "not idempotent", description,
                parameters.isEmpty() ? "" : " (" + parameters + ")");
    }
}
