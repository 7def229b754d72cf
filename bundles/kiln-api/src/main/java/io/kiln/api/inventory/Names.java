package io.kiln.api.inventory;

import io.kiln.api.KilnException;

/** The naming rule shared by hosts and profiles: something safe in a URL, a file name and a DNS label. */
public interface Names {
    /** Letters, digits, '.', '_' and '-', starting with a letter or digit, at most 63 characters. */
    String PATTERN = "[A-Za-z0-9][A-Za-z0-9._-]{0,62}";

    /**
     * Returns the trimmed name.
     *
     * @throws KilnException INVALID when it is missing or has characters outside [A-Za-z0-9._-]
     */
    static String require(String what, String name) {
        if (name == null || name.isBlank()) throw KilnException.invalid(what + " is missing");
        String n = name.trim();
        if (!n.matches(PATTERN)) {
            throw KilnException.invalid(what + " '" + n + "' is not valid: use 1-63 letters, digits, '.', '_' or '-', starting with a letter or digit");
        }
        return n;
    }
}
