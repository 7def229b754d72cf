package io.kiln.api.gitops;

import io.kiln.api.inventory.EntityKind;

/**
 * One entity whose file and stored state differ.
 *
 * @param kind   entity kind
 * @param name   entity name
 * @param type   ADDED (a file, not stored), CHANGED (both, different), REMOVED (stored, no file)
 * @param detail short field-level description, e.g. {@code profile: microos -> rhel9; labels: +rack}
 */
public record DiffEntry(EntityKind kind, String name, Type type, String detail) {

    /** How the files differ from the store. */
    public enum Type { ADDED, CHANGED, REMOVED }

    public DiffEntry {
        detail = detail == null ? "" : detail;
    }

    /** {@code kind/name}, as the entity's file is named. */
    public String id() {
        return kind.plural() + "/" + name;
    }
}
