package io.kiln.shell;

import io.kiln.api.KilnException;
import io.kiln.api.inventory.EntityKind;
import io.kiln.api.inventory.Inventory;
import io.kiln.api.inventory.Versioned;

/** The add/remove commands' one call to the inventory, versioned so that a concurrent change is refused, never lost. */
final class Saves {
    private Saves() {
    }

    /** What a save stored (as the inventory stored it, e.g. an instance already started) and the line saying so. */
    record Saved(String message, Versioned<?> stored) {
        @Override
        public String toString() {
            return message;
        }
    }

    /**
     * Creates an entity, or with {@code replace} overwrites the version that is there now (if any).
     *
     * @return the stored entity, printed as "Added site shop-7 (version 1)" or "Saved ..."
     */
    static Saved save(Inventory inventory, Object entity, boolean replace) {
        EntityKind kind = EntityKind.of(entity.getClass());
        long expected = replace ? inventory.get(kind.type(), kind.nameOf(entity)).map(Versioned::version).orElse(Inventory.MUST_NOT_EXIST)
                : Inventory.MUST_NOT_EXIST;
        Versioned<?> saved = inventory.save(entity, expected);
        return new Saved((expected == Inventory.MUST_NOT_EXIST ? "Added " : "Saved ") + kind.singular() + " " + kind.nameOf(saved.value())
                + " (version " + saved.version() + ")", saved);
    }

    /** Deletes the version there now; NOT_FOUND when there is none; CONFLICT while something uses it. */
    static String remove(Inventory inventory, EntityKind kind, String name) {
        Versioned<?> v = inventory.get(kind.type(), name).orElseThrow(() -> KilnException.notFound("no " + kind.singular() + " named '" + name + "'"));
        inventory.delete(kind.type(), name, v.version());
        return "Removed " + kind.singular() + " " + name;
    }
}
