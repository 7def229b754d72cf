package io.kiln.api.inventory;

/**
 * One change in an atomic batch ({@link Inventory#apply}).
 *
 * @param kind            entity kind
 * @param name            entity name
 * @param entity          the new entity, or null to delete
 * @param expectedVersion version read ({@link Inventory#ANY_VERSION} to overwrite whatever is there, as GitOps does;
 *                        {@link Inventory#MUST_NOT_EXIST} to create)
 */
public record InventoryChange(EntityKind kind, String name, Object entity, long expectedVersion) {

    public static InventoryChange put(Object entity, long expectedVersion) {
        EntityKind k = EntityKind.of(entity.getClass());
        return new InventoryChange(k, k.nameOf(entity), entity, expectedVersion);
    }

    public static InventoryChange delete(EntityKind kind, String name, long expectedVersion) {
        return new InventoryChange(kind, name, null, expectedVersion);
    }
}
