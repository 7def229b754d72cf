package io.kiln.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.kiln.api.KilnException;
import io.kiln.api.hardware.BootChoice;
import io.kiln.api.hardware.FirmwareChange;
import io.kiln.api.hardware.FirmwareUpdate;
import io.kiln.api.hardware.MediaAction;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** What the hardware commands parse and print. */
class HardwareCommandsTest {

    @ParameterizedTest
    @CsvSource({"pxe, PXE", "HTTP, HTTP", " cd , CD", "Disk, DISK"})
    void bootDevicesAsOperatorsTypeThem(String word, BootChoice choice) {
        assertEquals(choice, BootChoice.parse(word));
    }

    @Test
    void badWordsNameWhatIsAllowed() {
        assertEquals("boot device 'usb' is not one of pxe, http, cd, disk", assertThrows(KilnException.class, () -> BootChoice.parse("usb")).getMessage());
        assertEquals("virtual media action 'mount' is not one of insert, eject",
                assertThrows(KilnException.class, () -> MediaAction.parse("mount")).getMessage());
        assertEquals(MediaAction.EJECT, MediaAction.parse("Eject"));
    }

    @Test
    void anUpdateIsOneLineAndItsChangesOneEach() {
        FirmwareUpdate u = new FirmwareUpdate("fw-1", "node7", "fake", "http://kiln/fw/bmc.bin", true, Instant.parse("2026-12-07T12:00:00Z"),
                Instant.parse("2026-12-07T12:00:02Z"), FirmwareUpdate.State.DONE, 100, "bmc updated", List.of(new FirmwareChange("BMC", "2.1.0", "2.1.1")));
        assertEquals("Firmware update fw-1 of node7 (plugin fake, http://kiln/fw/bmc.bin, pushed, started 2026-12-07T12:00:00Z): DONE 100% bmc updated",
                FirmwareStatusCommand.line(u));
        assertEquals("BMC: 2.1.0 -> 2.1.1", u.changes().get(0).describe());
        FirmwareUpdate unknown = new FirmwareUpdate("fw-2", "node7", "fake", "http://kiln/fw/x.bin", false, Instant.parse("2026-12-07T12:00:00Z"), null,
                FirmwareUpdate.State.RUNNING, -1, "", List.of());
        assertEquals("Firmware update fw-2 of node7 (plugin fake, http://kiln/fw/x.bin, started 2026-12-07T12:00:00Z): RUNNING", FirmwareStatusCommand.line(unknown));
    }
}
