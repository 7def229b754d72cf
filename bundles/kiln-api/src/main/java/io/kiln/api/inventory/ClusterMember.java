package io.kiln.api.inventory;

/**
 * A host's place in a cluster.
 *
 * @param host host name
 * @param role CONTROL_PLANE or WORKER (default)
 */
public record ClusterMember(String host, ClusterRole role) {
    public ClusterMember {
        host = Names.require("cluster member host", host);
        role = role == null ? ClusterRole.WORKER : role;
    }
}
