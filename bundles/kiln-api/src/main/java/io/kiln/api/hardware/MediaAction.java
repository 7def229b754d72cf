package io.kiln.api.hardware;

import io.kiln.api.KilnException;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** What an operator asks of a server's virtual CD. */
public enum MediaAction {
    /** Insert an image the BMC fetches from a URL. */
    INSERT,
    EJECT;

    /** As operators write it: {@code insert}, {@code eject}. */
    public String operatorName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * @param text as operators write it (case does not matter)
     * @throws KilnException INVALID naming what is allowed
     */
    public static MediaAction parse(String text) {
        String t = text == null ? "" : text.trim().toUpperCase(Locale.ROOT);
        for (MediaAction a : values()) if (a.name().equals(t)) return a;
        throw KilnException.invalid("virtual media action '" + text + "' is not one of "
                + Arrays.stream(values()).map(MediaAction::operatorName).collect(Collectors.joining(", ")));
    }
}
