package io.kiln.api.inventory;

/**
 * An entity with the version it was read at; send the version back with a change so that a concurrent change by
 * someone else is refused (CONFLICT) instead of silently lost.
 *
 * @param value   the entity
 * @param version its version (1 for a new entity, +1 per change)
 */
public record Versioned<T>(T value, long version) {
}
