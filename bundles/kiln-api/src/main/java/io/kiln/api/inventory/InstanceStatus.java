package io.kiln.api.inventory;

/**
 * What Kiln observes about an instance (where provisioning stands), kept apart from what the operator declares
 * (profile, desired state) and written apart ({@link Inventory#saveStatus(InstanceStatus, long)}) with its own version.
 *
 * @param host    the instance's host
 * @param current where provisioning stands (default PENDING)
 */
public record InstanceStatus(String host, ProvisioningState current) {
    public InstanceStatus {
        host = Names.require("instance host", host);
        current = current == null ? ProvisioningState.PENDING : current;
    }

    /** The status of an instance nothing has happened to yet. */
    public static InstanceStatus initial(String host) {
        return new InstanceStatus(host, null);
    }

    public boolean isInitial() {
        return current == ProvisioningState.PENDING;
    }
}
