package io.kiln.shell;

import io.kiln.api.KilnException;
import io.kiln.api.boot.FileWarnings;
import io.kiln.api.boot.ProvisioningFiles;
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

    /** How many affected hosts a write renders to warn about files that would fail (the rest: kiln:boot-explain). */
    static final int CHECKED_HOSTS = 200;

    /**
     * Lines warning about per-host files a write made fail ("" when none, or when the check is not running), each
     * starting on a new line: the operator hears it now, not when a machine at a remote site asks.
     */
    static String warnings(ProvisioningFiles files, EntityKind kind, String name) {
        if (files == null) return "";
        FileWarnings w = files.afterWrite(kind, name, CHECKED_HOSTS);
        StringBuilder sb = new StringBuilder();
        for (String line : w.lines()) sb.append("\nWarning: ").append(line);
        if (w.checked() < w.affected()) {
            sb.append("\n(checked the files of ").append(w.checked()).append(" of the ").append(w.affected())
                    .append(" hosts affected; kiln:boot-explain checks any one)");
        }
        return sb.toString();
    }

    /** Deletes the version there now; NOT_FOUND when there is none; CONFLICT while something uses it. */
    static String remove(Inventory inventory, EntityKind kind, String name) {
        Versioned<?> v = inventory.get(kind.type(), name).orElseThrow(() -> KilnException.notFound("no " + kind.singular() + " named '" + name + "'"));
        inventory.delete(kind.type(), name, v.version());
        return "Removed " + kind.singular() + " " + name;
    }
}
