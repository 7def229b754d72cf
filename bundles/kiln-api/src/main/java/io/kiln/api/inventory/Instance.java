package io.kiln.api.inventory;

/**
 * The operating system on a host: which OS profile, and where provisioning stands.
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
}
