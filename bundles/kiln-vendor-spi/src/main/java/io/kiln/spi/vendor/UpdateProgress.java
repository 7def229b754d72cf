package io.kiln.spi.vendor;

/**
 * How a firmware update stands.
 *
 * @param taskId  the BMC's id for the running update
 * @param state   running, done or failed
 * @param percent 0..100, or -1 when the BMC does not say
 * @param message the BMC's last word on it
 */
public record UpdateProgress(String taskId, State state, int percent, String message) {
    /** Where an update is. */
    public enum State { RUNNING, DONE, FAILED }
}
