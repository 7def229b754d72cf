package io.kiln.web.internal;

import io.kiln.api.KilnException;
import io.kiln.api.inventory.Inventory;
import io.kiln.api.rest.ApiProblem;

/**
 * Optimistic versioning over HTTP: an entity's version travels as a strong ETag {@code "7"}, and a change sends it
 * back in {@code If-Match} so that a concurrent change by someone else is refused (409) instead of silently lost.
 */
final class Preconditions {
    private Preconditions() {
    }

    static String etag(long version) {
        return "\"" + version + "\"";
    }

    /**
     * The version an update expects.
     *
     * @param ifMatch the If-Match header, or null
     * @param force   {@code ?force=true}: overwrite whatever is there when no If-Match is given
     * @return the version, or {@link Inventory#ANY_VERSION} for {@code If-Match: *} or a forced write
     * @throws ApiProblem 428 when neither If-Match nor force is given
     * @throws KilnException INVALID when If-Match is not one ETag Kiln issued
     */
    static long forUpdate(String ifMatch, boolean force) {
        return forUpdate(ifMatch, force, 1);
    }

    /**
     * The version a status update expects: as {@link #forUpdate}, and {@code "0"} too (the ETag of a status nothing
     * has been written to yet).
     */
    static long forStatusUpdate(String ifMatch, boolean force) {
        return forUpdate(ifMatch, force, 0);
    }

    private static long forUpdate(String ifMatch, boolean force, long lowest) {
        if (ifMatch == null || ifMatch.isBlank()) {
            if (force) return Inventory.ANY_VERSION;
            throw new ApiProblem(428, "an update needs If-Match: \"<version>\" (the ETag of your GET), so that nobody's change is lost; "
                    + "add ?force=true to overwrite whatever is there");
        }
        return parse(ifMatch, lowest);
    }

    /** The version a delete expects: the If-Match version, or {@link Inventory#ANY_VERSION} without one. */
    static long forDelete(String ifMatch) {
        return ifMatch == null || ifMatch.isBlank() ? Inventory.ANY_VERSION : parse(ifMatch, 1);
    }

    /** {@code "7"} (or a bare 7) -> 7; {@code *} -> ANY_VERSION. */
    static long parse(String ifMatch, long lowest) {
        String v = ifMatch.trim();
        if (v.equals("*")) return Inventory.ANY_VERSION;
        if (v.contains(",")) throw KilnException.invalid("If-Match must name one version, got " + v);
        if (v.startsWith("W/")) throw KilnException.invalid("If-Match " + v + " is a weak ETag: send the ETag exactly as Kiln returned it, e.g. \"3\"");
        if (v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"")) v = v.substring(1, v.length() - 1);
        long version;
        try {
            version = Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw KilnException.invalid("If-Match " + ifMatch.trim() + " is not an ETag Kiln issued (expected a version like \"3\")");
        }
        if (version < lowest) throw KilnException.invalid("If-Match version must be " + lowest + " or more, got " + version);
        return version;
    }
}
