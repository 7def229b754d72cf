package io.kiln.api.hardware;

/**
 * A piece of firmware whose version differs between the inventories read before and after an update.
 *
 * @param component  its name (its id when it has none)
 * @param oldVersion the version before, or null when it was not there
 * @param newVersion the version after, or null when it is gone
 */
public record FirmwareChange(String component, String oldVersion, String newVersion) {
    /** {@code BMC: 2.1.0 -> 2.1.1}. */
    public String describe() {
        return component + ": " + (oldVersion == null ? "(none)" : oldVersion) + " -> " + (newVersion == null ? "(gone)" : newVersion);
    }
}
