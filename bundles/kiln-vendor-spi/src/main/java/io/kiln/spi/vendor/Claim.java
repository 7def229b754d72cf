package io.kiln.spi.vendor;

/**
 * A plugin's answer to "can you drive this BMC?".
 *
 * @param serves whether it can
 * @param why    what matched (e.g. "BMC manufacturer 'Dell Inc.'"), or why not; shown by kiln:plugin-explain
 */
public record Claim(boolean serves, String why) {
    public Claim {
        why = why == null ? "" : why;
    }

    /** It serves this BMC because {@code why}. */
    public static Claim yes(String why) {
        return new Claim(true, why);
    }

    public static Claim no() {
        return new Claim(false, "");
    }

    public static Claim no(String why) {
        return new Claim(false, why);
    }
}
