package io.kiln.api.inventory;

import io.kiln.api.KilnException;
import java.util.Locale;

/** The kinds of inventory entity, with the names they go by in the store, the REST API and the GitOps directory. */
public enum EntityKind {
    SITE("site", "sites", Site.class),
    ROLE("role", "roles", Role.class),
    PROFILE("profile", "profiles", BootProfile.class),
    HOST("host", "hosts", Host.class),
    CLUSTER("cluster", "clusters", Cluster.class),
    INSTANCE("instance", "instances", Instance.class),
    WORKFLOW("workflow", "workflows", WorkflowTemplate.class);

    private final String singular;
    private final String plural;
    private final Class<?> type;

    EntityKind(String singular, String plural, Class<?> type) {
        this.singular = singular;
        this.plural = plural;
        this.type = type;
    }

    /** e.g. "host": the store's kind and the word in messages. */
    public String singular() {
        return singular;
    }

    /** e.g. "hosts": the REST collection and the GitOps directory. */
    public String plural() {
        return plural;
    }

    public Class<?> type() {
        return type;
    }

    /** The entity's unique name (an instance is named by its host). */
    public String nameOf(Object entity) {
        if (entity instanceof Site s) return s.name();
        if (entity instanceof Role r) return r.name();
        if (entity instanceof BootProfile p) return p.name();
        if (entity instanceof Host h) return h.name();
        if (entity instanceof Cluster c) return c.name();
        if (entity instanceof Instance i) return i.host();
        if (entity instanceof WorkflowTemplate w) return w.name();
        throw KilnException.invalid("not an inventory entity: " + entity);
    }

    public static EntityKind of(Class<?> type) {
        for (EntityKind k : values()) if (k.type == type) return k;
        throw KilnException.invalid("not an inventory entity type: " + type.getSimpleName());
    }

    /** From "hosts" or "host" (any case). */
    public static EntityKind parse(String word) {
        String w = word == null ? "" : word.trim().toLowerCase(Locale.ROOT);
        for (EntityKind k : values()) if (k.plural.equals(w) || k.singular.equals(w)) return k;
        throw KilnException.notFound("no such kind of inventory entity: '" + word + "' (sites, roles, profiles, hosts, clusters, instances, workflows)");
    }
}
