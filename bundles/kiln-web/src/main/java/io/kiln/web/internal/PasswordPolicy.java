package io.kiln.web.internal;

import io.kiln.api.KilnException;

/** What a new password must be: at least {@value #MIN_LENGTH} characters, not the user's name, not the old one. */
final class PasswordPolicy {
    static final int MIN_LENGTH = 8;

    private PasswordPolicy() {
    }

    /**
     * @param sameAsOld whether the new password is the user's current one
     * @throws KilnException INVALID saying which rule it breaks (never echoing it)
     */
    static void check(String user, String password, boolean sameAsOld) {
        if (password.length() < MIN_LENGTH) throw KilnException.invalid("the new password must have at least " + MIN_LENGTH + " characters");
        if (password.equalsIgnoreCase(user)) throw KilnException.invalid("the new password must not be the user name");
        if (password.equals(Sessions.SHIPPED_PASSWORD)) throw KilnException.invalid("the new password must not be the shipped default");
        if (sameAsOld) throw KilnException.invalid("the new password must differ from the current one");
    }
}
