package io.kiln.inventory.internal;

import io.kiln.api.inventory.EntityKind;
import io.kiln.api.inventory.Host;
import io.kiln.api.inventory.Instance;
import io.kiln.api.inventory.InstanceStatus;
import io.kiln.api.inventory.Inventory;
import io.kiln.api.inventory.InventoryChange;
import io.kiln.api.inventory.OnboardingState;
import io.kiln.api.inventory.ProvisioningMode;
import io.kiln.api.inventory.ProvisioningState;
import io.kiln.api.inventory.Role;
import io.kiln.api.inventory.Site;
import io.kiln.api.inventory.Versioned;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a write implies for instances, added to the same atomic write so the store never holds half of it:
 * <ul>
 *   <li>ZTP: a host created with mode ZTP (its own, else its site's; ZTP when neither says) and an OS profile (its
 *       own, else its role's) gets its instance in the same write, desired RUNNING. NON_ZTP hosts get none: the
 *       operator creates it ({@code kiln:instance-add}), which is the go-ahead.</li>
 *   <li>Provisioning starts as soon as the host onboards: an instance that is desired RUNNING and still PENDING
 *       moves to PROVISIONING once its host's current onboarding state is ONBOARDED (whichever comes last: the
 *       host onboarding, or the operator adding the instance).</li>
 *   <li>Deleting a host deletes its instance (the OS record means nothing without the machine).</li>
 * </ul>
 */
final class ZtpPolicy {
    private ZtpPolicy() {
    }

    /** The host's effective mode. */
    static ProvisioningMode modeOf(Host h, Site site) {
        if (h.mode() != null) return h.mode();
        return site == null ? ProvisioningMode.ZTP : site.mode();
    }

    /** The OS profile a host's instance installs: the host's own, else its role's; null if neither says. */
    static String osProfileOf(Host h, Role role) {
        if (h.profile() != null) return h.profile();
        return role == null ? null : role.profile();
    }

    /** The instance ZTP creates for a host in this state, or null (NON_ZTP, or no OS profile). */
    static Instance implied(Host h, InventoryState s) {
        if (modeOf(h, s.site(h.site())) != ProvisioningMode.ZTP) return null;
        String profile = osProfileOf(h, s.role(h.role()));
        return profile == null ? null : new Instance(h.name(), profile, ProvisioningState.RUNNING, ProvisioningState.PENDING);
    }

    /** An instance whose host has onboarded and that should run starts provisioning. */
    static Instance gated(Instance i, Host h) {
        boolean start = h != null && h.currentState() == OnboardingState.ONBOARDED && i.awaitsStart();
        return start ? i.withStatus(new InstanceStatus(i.host(), ProvisioningState.PROVISIONING)) : i;
    }

    /**
     * The requested changes plus what they imply, in order (requested first, each entity named once): a requested
     * instance may come back with its current state moved on; derived changes follow.
     *
     * @param before the state the write starts from
     * @param after  the state the requested changes produce (values only; versions are not used)
     */
    static List<InventoryChange> complete(InventoryState before, InventoryState after, List<InventoryChange> requested) {
        Map<String, Integer> position = new HashMap<>(); // requested instance changes by host: where they are
        List<InventoryChange> out = new ArrayList<>(requested);
        for (int i = 0; i < requested.size(); i++) {
            if (requested.get(i).kind() == EntityKind.INSTANCE) position.put(requested.get(i).name(), i);
        }
        Map<String, Instance> created = new LinkedHashMap<>();
        for (InventoryChange c : requested) {
            if (c.kind() != EntityKind.HOST) continue;
            if (c.entity() instanceof Host h) {
                if (before.host(h.name()) != null || after.instance(h.name()) != null) continue;
                Instance implied = implied(h, after);
                if (implied != null) created.put(h.name(), implied);
            } else if (before.instance(c.name()) != null && !position.containsKey(c.name())) {
                out.add(InventoryChange.delete(EntityKind.INSTANCE, c.name(), before.get(EntityKind.INSTANCE, c.name()).version()));
            }
        }
        for (Instance i : created.values()) out.add(InventoryChange.put(gated(i, after.host(i.host())), Inventory.MUST_NOT_EXIST));
        // the gate, for every instance the write touches: requested ones, and those of requested hosts
        for (InventoryChange c : requested) {
            if (c.kind() == EntityKind.INSTANCE && c.entity() instanceof Instance i) {
                Instance g = gated(i, after.host(i.host()));
                if (g != i) out.set(position.get(i.host()), new InventoryChange(c.kind(), c.name(), g, c.expectedVersion()));
            } else if (c.kind() == EntityKind.HOST && c.entity() instanceof Host h && !position.containsKey(h.name())
                    && !created.containsKey(h.name())) {
                Versioned<?> v = before.get(EntityKind.INSTANCE, h.name());
                if (v == null) continue;
                Instance i = (Instance) v.value(), g = gated(i, h);
                if (g != i) out.add(InventoryChange.put(g, v.version()));
            }
        }
        return out;
    }

    /** The state a list of changes produces from another (values only, version 0 for what changed). */
    static InventoryState after(InventoryState s, List<InventoryChange> changes) {
        Map<EntityKind, Map<String, Versioned<?>>> m = new EnumMap<>(EntityKind.class);
        for (EntityKind k : EntityKind.values()) m.put(k, new HashMap<>(s.all(k)));
        for (InventoryChange c : changes) {
            if (c.entity() == null) m.get(c.kind()).remove(c.name());
            else m.get(c.kind()).put(c.name(), new Versioned<>(c.entity(), 0));
        }
        return InventoryState.of(m);
    }
}
