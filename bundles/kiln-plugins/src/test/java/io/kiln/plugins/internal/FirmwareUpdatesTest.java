package io.kiln.plugins.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kiln.api.KilnException;
import io.kiln.api.hardware.FirmwareChange;
import io.kiln.api.hardware.FirmwareItem;
import io.kiln.api.hardware.FirmwareUpdate;
import io.kiln.spi.vendor.UpdateProgress;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The update poller on its own: short intervals and limits (the config file allows whole seconds and minutes). */
class FirmwareUpdatesTest {
    final FirmwareUpdates updates = new FirmwareUpdates(() -> new PluginSettings(List.of(), Duration.ofSeconds(1), 2, Duration.ofMillis(5),
            Duration.ofMillis(300)), Clock.systemUTC());
    final List<FirmwareItem> before = List.of(new FirmwareItem("bios", "BIOS", "1.0.0", true), new FirmwareItem("bmc", "BMC", "2.1.0", true));
    static final UpdateProgress ACCEPTED = new UpdateProgress("t1", UpdateProgress.State.RUNNING, 0, "accepted");

    @AfterEach
    void close() {
        updates.close();
    }

    FirmwareUpdate await(FirmwareUpdate u) {
        return updates.await(u.host(), u.id(), Duration.ofMinutes(1)).orElseThrow();
    }

    @Test
    void anUpdateThatNeverEndsIsFailedAfterTheLimit() {
        AtomicInteger asked = new AtomicInteger();
        FirmwareUpdate u = updates.start("n1", "p", "http://x/fw", false, before, ACCEPTED, () -> {
            asked.incrementAndGet();
            return new UpdateProgress("t1", UpdateProgress.State.RUNNING, 10, "still flashing");
        }, () -> before);
        FirmwareUpdate failed = await(u);
        assertEquals(FirmwareUpdate.State.FAILED, failed.state());
        assertTrue(failed.message().startsWith("no end reported within 300 ms (firmwareUpdateMinutes in etc/io.kiln.plugins.cfg); its last word: still flashing"),
                failed.message());
        int n = asked.get();
        assertEquals(n, asked.get(), "no more polls once it ended");
        assertTrue(n > 0);
    }

    @Test
    void progressThatCannotBeReadFailsItAfterSomeTriesInARow() {
        AtomicInteger asked = new AtomicInteger();
        FirmwareUpdate u = updates.start("n1", "p", "http://x/fw", false, before, ACCEPTED, () -> {
            if (asked.incrementAndGet() == 2) return new UpdateProgress("t1", UpdateProgress.State.RUNNING, 40, "flashing");
            throw new KilnException(KilnException.Kind.UNAVAILABLE, "plugin 'p' failed firmware progress for host 'n1': BMC busy");
        }, () -> before);
        FirmwareUpdate failed = await(u);
        assertEquals(FirmwareUpdate.State.FAILED, failed.state());
        assertEquals("its progress could not be read 5 times in a row: plugin 'p' failed firmware progress for host 'n1': BMC busy", failed.message());
        assertEquals(2 + FirmwareUpdates.MAX_FAILED_POLLS, asked.get(), "a good answer in between starts the count again");
        assertEquals(40, failed.percent());
    }

    @Test
    void anUpdateDoneAtOnceStillReadsWhatChangedAndAMissingTaskIdFailsIt() {
        List<FirmwareItem> after = List.of(new FirmwareItem("bios", "BIOS", "1.0.1", true), new FirmwareItem("cpld", "CPLD", "3", false));
        FirmwareUpdate done = await(updates.start("n1", "p", "http://x/fw", true, before, new UpdateProgress("t", UpdateProgress.State.DONE, 100, "done"),
                () -> {
                    throw new AssertionError("not asked");
                }, () -> after));
        assertEquals(List.of(new FirmwareChange("BIOS", "1.0.0", "1.0.1"), new FirmwareChange("BMC", "2.1.0", null), new FirmwareChange("CPLD", null, "3")),
                done.changes());
        assertEquals("BMC: 2.1.0 -> (gone)", done.changes().get(1).describe());
        FirmwareUpdate noTask = await(updates.start("n1", "p", "http://x/fw", false, before, new UpdateProgress(null, UpdateProgress.State.RUNNING, 0, ""),
                () -> ACCEPTED, () -> before));
        assertEquals(FirmwareUpdate.State.FAILED, noTask.state());
        assertEquals(List.of("fw-2", "fw-1"), updates.of("n1").stream().map(FirmwareUpdate::id).toList(), "newest first");
    }

    @Test
    void nothingChangedIsSaid() {
        FirmwareUpdate done = await(updates.start("n1", "p", "http://x/fw", false, before, ACCEPTED,
                () -> new UpdateProgress("t1", UpdateProgress.State.DONE, 100, "done"), () -> before));
        assertEquals("done; no firmware version changed", done.message());
    }
}
