package io.kiln.workflow.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.kiln.api.hardware.PowerCommand;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ApplianceActionsTest {

    /** The end of "the host has no BMC, so Kiln cannot ...": plain English for every command. */
    @ParameterizedTest
    @CsvSource({"ON, power it on", "OFF, power it off", "GRACEFUL_OFF, shut it down gracefully", "CYCLE, power-cycle it"})
    void aSkippedPowerStepSaysWhatKilnCannotDoInPlainWords(PowerCommand c, String words) {
        assertEquals(words, ApplianceActions.doTo(c));
    }
}
