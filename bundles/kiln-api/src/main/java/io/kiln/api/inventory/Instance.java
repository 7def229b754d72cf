package io.kiln.api.inventory;

/**
 * The operating system on a host: which OS profile, and where provisioning stands. {@code host}, {@code profile}
 * and {@code desired} are the operator's (spec); {@code current} is Kiln's observation ({@link #status()}), stored
 * and written apart.
 *
 * @param host    host name (one instance per host)
 * @param profile OS profile
 * @param desired what the operator wants
 * @param current what is true now
 */
public record Instance(String host, String profile, ProvisioningState desired, ProvisioningState current) {
    public Instance {
        host = Names.require("instance host", host);
        profile = Names.require("instance profile", profile);
        desired = desired == null ? ProvisioningState.RUNNING : desired;
        current = current == null ? ProvisioningState.PENDING : current;
    }

    /** Wanted running and not begun: provisioning starts as soon as its host has onboarded. */
    public boolean awaitsStart() {
        return desired == ProvisioningState.RUNNING && current == ProvisioningState.PENDING;
    }

    /** Kiln's observation of this instance. */
    public InstanceStatus status() {
        return new InstanceStatus(host, current);
    }

    /** This instance's spec with another status. */
    public Instance withStatus(InstanceStatus status) {
        return new Instance(host, profile, desired, status == null ? null : status.current());
    }

    public Instance withProfile(String other) {
        return new Instance(host, other, desired, current);
    }

    public Instance withDesired(ProvisioningState state) {
        return new Instance(host, profile, state, current);
    }
}
