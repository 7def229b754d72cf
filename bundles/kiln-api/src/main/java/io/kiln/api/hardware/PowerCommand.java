package io.kiln.api.hardware;

import io.kiln.api.KilnException;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** What an operator asks of a server's power. */
public enum PowerCommand {
    ON, OFF,
    /** Asks the operating system to shut down. */
    GRACEFUL_OFF,
    /** Off, then on. */
    CYCLE;

    /** As operators write it: {@code on}, {@code off}, {@code graceful-off}, {@code cycle}. */
    public String operatorName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /**
     * @param text as operators write it (case and {@code -} / {@code _} do not matter)
     * @throws KilnException INVALID naming what is allowed
     */
    public static PowerCommand parse(String text) {
        String t = text == null ? "" : text.trim().toUpperCase(Locale.ROOT).replace('-', '_');
        for (PowerCommand c : values()) if (c.name().equals(t)) return c;
        throw KilnException.invalid("power action '" + text + "' is not one of "
                + Arrays.stream(values()).map(PowerCommand::operatorName).collect(Collectors.joining(", ")));
    }
}
