package io.kiln.api.inventory;

/** What a member does in a cluster. */
public enum ClusterRole { CONTROL_PLANE, WORKER }
