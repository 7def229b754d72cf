package io.kiln.plugin.redfish.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kiln.plugin.redfish.RedfishQuirks;
import io.kiln.spi.vendor.PowerAction;
import io.kiln.spi.vendor.PowerState;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ResetPlanTest {

    /** action | what the BMC allows ("*": it does not say) | the candidates, in order. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "CYCLE        | *                                        | ForceRestart PowerCycle ForceOff+On",
        "CYCLE        | On ForceOff GracefulShutdown ForceRestart | ForceRestart ForceOff+On",
        "CYCLE        | On ForceOff PowerCycle                   | PowerCycle ForceOff+On",
        "CYCLE        | On ForceOff                              | ForceOff+On",
        "CYCLE        | ForceOn ForceOff                         | ForceOff+On",
        "CYCLE        | On GracefulShutdown                      | ''",
        "ON           | ForceOn ForceOff                         | ForceOn",
        "ON           | On ForceOn                               | On ForceOn",
        "OFF          | On ForceOff                              | ForceOff",
        "GRACEFUL_OFF | On ForceOff PushPowerButton              | PushPowerButton",
        "GRACEFUL_OFF | On ForceOff GracefulShutdown             | GracefulShutdown",
    })
    void candidatesFollowTheQuirksOrderWithinWhatTheBmcAllows(PowerAction action, String allowed, String expected) {
        List<String> allowable = allowed.equals("*") ? null : Arrays.asList(allowed.trim().split("\\s+"));
        List<String> want = expected.isBlank() ? List.of() : Arrays.asList(expected.trim().split("\\s+"));
        assertEquals(want, ResetPlan.candidates(RedfishQuirks.generic().resetTypes().get(action), allowable));
    }

    @Test
    void aCycleOfAServerThatIsOffIsJustOn() {
        assertEquals(PowerAction.ON, ResetPlan.effective(PowerAction.CYCLE, PowerState.OFF));
        assertEquals(PowerAction.CYCLE, ResetPlan.effective(PowerAction.CYCLE, PowerState.ON));
        assertTrue(ResetPlan.alreadyThere(PowerAction.ON, PowerState.ON));
        assertTrue(ResetPlan.alreadyThere(PowerAction.GRACEFUL_OFF, PowerState.OFF));
        assertFalse(ResetPlan.alreadyThere(PowerAction.CYCLE, PowerState.ON));
        assertFalse(ResetPlan.alreadyThere(PowerAction.OFF, PowerState.POWERING_OFF));
    }

    @ParameterizedTest
    @CsvSource({"On,ON", "Off,OFF", "PoweringOn,POWERING_ON", "PoweringOff,POWERING_OFF", "Paused,UNKNOWN"})
    void redfishPowerStates(String redfish, PowerState state) {
        assertEquals(state, ResetPlan.state(redfish));
    }
}
