package org.example.kiln.pdu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kiln.spi.vendor.BmcEndpoint;
import io.kiln.spi.vendor.BmcTarget;
import io.kiln.spi.vendor.PluginException;
import io.kiln.spi.vendor.PowerAction;
import io.kiln.spi.vendor.PowerState;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A plugin is plain Java: test it without Kiln or OSGi. */
class PduPluginTest {
    final PduPlugin plugin = new PduPlugin();

    static BmcEndpoint pdu(String address, String outlet) {
        return new BmcEndpoint("n1", address, null, null, outlet == null ? Map.of() : Map.of(PduPlugin.OUTLET, outlet));
    }

    @Test
    void claimsPduAddressesOnly() {
        assertTrue(plugin.claim(pdu("pdu://rack1", "3")).serves());
        assertFalse(plugin.claim(pdu("https://10.0.0.10", "3")).serves());
    }

    @Test
    void validateNamesAMissingOrWrongOutlet() {
        assertEquals(List.of(), plugin.validate(pdu("pdu://rack1", "48")));
        assertTrue(plugin.validate(pdu("pdu://rack1", null)).get(0).contains("pdu.outlet is not set"));
        assertTrue(plugin.validate(pdu("pdu://rack1", "49")).get(0).contains("not an outlet number 1-48"));
    }

    @Test
    void eachOutletKeepsItsOwnPower() throws Exception {
        BmcTarget three = new BmcTarget(pdu("pdu://rack1", "3"), null);
        BmcTarget four = new BmcTarget(pdu("pdu://rack1", "4"), null);
        plugin.power(three, PowerAction.ON);
        assertEquals(PowerState.ON, plugin.powerState(three));
        assertEquals(PowerState.OFF, plugin.powerState(four));
        assertThrows(PluginException.class, () -> plugin.power(three, PowerAction.GRACEFUL_OFF));
        assertEquals(PowerState.ON, plugin.powerState(three), "a refused action changes nothing");
    }
}
