package io.kiln.api.inventory;

/** Where an instance (the OS on a host) stands (desired and current are kept separately). */
public enum ProvisioningState { PENDING, PROVISIONING, RUNNING, ERROR, DELETED }
