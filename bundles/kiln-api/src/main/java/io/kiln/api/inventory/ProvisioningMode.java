package io.kiln.api.inventory;

/** When provisioning starts for a site's or host's instance. */
public enum ProvisioningMode {
    /** Zero-touch: the instance is created with the host and provisioning starts as soon as the host onboards. */
    ZTP,
    /** The instance waits for an operator to start it. */
    NON_ZTP
}
