package io.kiln.api.hardware;

import java.time.Instant;
import java.util.List;

/**
 * A firmware update Kiln started and follows (kept in memory: a restart of Kiln forgets them, not the BMC's update).
 *
 * @param id       Kiln's id for it, e.g. {@code fw-3}
 * @param host     the inventory host
 * @param plugin   the plugin that started it
 * @param image    the image URL
 * @param push     true: the plugin sends the image; false: the BMC pulls it
 * @param started  when Kiln started it
 * @param finished when it ended (DONE or FAILED), or null while it runs
 * @param state    RUNNING, DONE or FAILED
 * @param percent  0..100, or -1 when the BMC does not say
 * @param message  the BMC's last word on it, or why Kiln gave up
 * @param changes  once DONE: what differs between the firmware inventories read before and after; empty before
 */
public record FirmwareUpdate(String id, String host, String plugin, String image, boolean push, Instant started, Instant finished,
                             State state, int percent, String message, List<FirmwareChange> changes) {
    /** Where an update is. */
    public enum State { RUNNING, DONE, FAILED }

    public FirmwareUpdate {
        changes = changes == null ? List.of() : List.copyOf(changes);
        message = message == null ? "" : message;
    }

    /** Whether it has ended (DONE or FAILED). */
    public boolean ended() {
        return state != State.RUNNING;
    }
}
