package org.example.kiln.pdu;

import io.kiln.spi.vendor.BmcEndpoint;
import io.kiln.spi.vendor.BmcTarget;
import io.kiln.spi.vendor.Claim;
import io.kiln.spi.vendor.PluginException;
import io.kiln.spi.vendor.PowerAction;
import io.kiln.spi.vendor.PowerInterface;
import io.kiln.spi.vendor.PowerState;
import io.kiln.spi.vendor.VendorPlugin;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.osgi.service.component.annotations.Component;

/**
 * Power for servers without a BMC: each host's power cord sits in an outlet of a switched PDU, and switching the
 * outlet is its power. A host names the PDU as its BMC ({@code --bmc pdu://rack1-pdu}) and its outlet as a host
 * variable ({@code --var pdu.outlet=7}).
 *
 * <p>This example keeps the outlets in memory so it runs anywhere; a real plugin sends the PDU's own commands (SNMP,
 * HTTP, ...) in {@link #power} and {@link #powerState} and throws {@link PluginException} with the PDU's message when
 * it refuses. Kiln calls those off its network threads with a time limit, so they may block.
 */
@Component(service = VendorPlugin.class, property = "kiln.claims=BMC addresses pdu://... (a switched PDU outlet per host)")
public final class PduPlugin implements VendorPlugin, PowerInterface {
    static final String SCHEME = "pdu://";
    static final String OUTLET = "pdu.outlet";
    static final int OUTLETS = 48;

    /** Outlet state by "pdu address#outlet"; lives as long as the bundle. */
    private final Map<String, PowerState> outlets = new ConcurrentHashMap<>();

    @Override
    public String name() {
        return "example-pdu";
    }

    /** Cheap, no network: Kiln asks it for every host that names no plugin. */
    @Override
    public Claim claim(BmcEndpoint bmc) {
        return bmc.address().startsWith(SCHEME) ? Claim.yes("its address " + bmc.address() + " is a pdu:// address")
                : Claim.no("only pdu:// addresses");
    }

    /** The host variables this interface reads; Kiln passes only these to the plugin. */
    @Override
    public Map<String, String> hostProperties() {
        return Map.of(OUTLET, "the PDU outlet (1-" + OUTLETS + ") the host's power cord is plugged into");
    }

    /** Cheap, no network: what is wrong with a host's settings, one line each (kiln:plugin-explain shows them). */
    @Override
    public List<String> validate(BmcEndpoint bmc) {
        String outlet = bmc.properties().get(OUTLET);
        if (outlet == null) return List.of("host variable " + OUTLET + " is not set (the outlet its power cord is in)");
        if (!outlet.matches("[1-9][0-9]?") || Integer.parseInt(outlet) > OUTLETS) {
            return List.of(OUTLET + " = '" + outlet + "' is not an outlet number 1-" + OUTLETS);
        }
        return List.of();
    }

    @Override
    public PowerState powerState(BmcTarget target) {
        return outlets.getOrDefault(outlet(target), PowerState.OFF);
    }

    @Override
    public void power(BmcTarget target, PowerAction action) throws PluginException {
        if (action == PowerAction.GRACEFUL_OFF) {
            // an outlet cannot ask the operating system to shut down: say so rather than cut the power
            throw new PluginException("a PDU outlet has no graceful off; use off");
        }
        outlets.put(outlet(target), action == PowerAction.OFF ? PowerState.OFF : PowerState.ON);
    }

    private static String outlet(BmcTarget target) {
        return target.endpoint().address() + "#" + target.endpoint().properties().get(OUTLET);
    }
}
