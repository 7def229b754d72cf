package io.kiln.inventory.internal;

import io.kiln.api.inventory.EntityKind;
import io.kiln.api.inventory.Host;
import io.kiln.api.inventory.HostStatus;
import io.kiln.api.inventory.Instance;
import io.kiln.api.inventory.InstanceStatus;

/**
 * Hosts and instances have two parts: the spec (what the operator declares) and the status (what Kiln observes:
 * a host's current onboarding state and hardware, an instance's current provisioning state). They are stored as two
 * documents with two versions -- {@code host} and {@code host-status}, {@code instance} and {@code instance-status}
 * -- so a status report never conflicts with an operator's edit and a spec write never changes a status. In memory
 * the records carry both ({@link Host#status()}, {@link Instance#status()}).
 *
 * <p>Documents written before the split hold their status inside the spec document; without a status document
 * that status is read as is, and moved to a status document by the host's next write.
 */
final class StatusSplit {
    private StatusSplit() {
    }

    /** True for the kinds that have a status part. */
    static boolean hasStatus(EntityKind k) {
        return k == EntityKind.HOST || k == EntityKind.INSTANCE;
    }

    /** The store kind of a kind's status documents. */
    static String statusKind(EntityKind k) {
        return k.singular() + "-status";
    }

    static Class<?> statusType(EntityKind k) {
        return k == EntityKind.HOST ? HostStatus.class : InstanceStatus.class;
    }

    /** The entity with its initial status: what its spec document holds. */
    static Object spec(Object entity) {
        if (entity instanceof Host h) return h.withStatus(null);
        if (entity instanceof Instance i) return i.withStatus(null);
        return entity;
    }

    /** The status part of a host or an instance. */
    static Object status(Object entity) {
        if (entity instanceof Host h) return h.status();
        if (entity instanceof Instance i) return i.status();
        throw new IllegalArgumentException("no status part: " + entity);
    }

    static boolean isInitial(Object status) {
        return status instanceof HostStatus h ? h.isInitial() : ((InstanceStatus) status).isInitial();
    }

    /** The spec with a status (a status document read, or written by {@code saveStatus}). */
    static Object merge(Object spec, Object status) {
        if (spec instanceof Host h) return h.withStatus((HostStatus) status);
        if (spec instanceof Instance i) return i.withStatus((InstanceStatus) status);
        return spec;
    }

    /**
     * What a spec write stores: the given spec with the status the entity has now ({@code stored}, null for a new
     * one: the initial status). An instance whose profile changes starts over: a new OS to install.
     */
    static Object keepStatus(Object given, Object stored) {
        if (given instanceof Host h) return h.withStatus(stored instanceof Host s ? s.status() : null);
        if (given instanceof Instance i) {
            boolean same = stored instanceof Instance s && s.profile().equals(i.profile());
            return i.withStatus(same ? ((Instance) stored).status() : null);
        }
        return given;
    }
}
