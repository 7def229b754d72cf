package io.kiln.spi.vendor;

/** What Kiln asks of a server's power. */
public enum PowerAction {
    ON,
    /** Off at once. */
    OFF,
    /** Asks the operating system to shut down. */
    GRACEFUL_OFF,
    /** Off then on (a plugin may fall back to OFF, wait, ON when the BMC has no cycle). */
    CYCLE
}
