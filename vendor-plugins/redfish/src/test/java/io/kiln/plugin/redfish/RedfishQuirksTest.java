package io.kiln.plugin.redfish;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kiln.redfish.testservice.RedfishTestService;
import io.kiln.spi.vendor.BmcEndpoint;
import io.kiln.spi.vendor.BmcTarget;
import io.kiln.spi.vendor.PluginException;
import io.kiln.spi.vendor.PowerAction;
import io.kiln.spi.vendor.PowerState;
import io.kiln.spi.vendor.VendorPlugin;
import java.lang.reflect.Proxy;
import java.net.URI;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;

/** The quirks as a value, the plugin's registration, and the per-host ids against the test service. */
class RedfishQuirksTest {

    @Test
    void aBuilderRoundTripIsEqualAndChangesOnlyWhatItSets() {
        RedfishQuirks g = RedfishQuirks.generic();
        assertEquals(g, g.toBuilder().build());
        RedfishQuirks q = g.toBuilder().name("redfish-x").retries(0).mediaImageOnly(true).build();
        assertNotEquals(g, q);
        assertEquals(g.resetTypes(), q.resetTypes());
        assertEquals(0, q.retries());
        assertThrows(IllegalArgumentException.class, () -> g.toBuilder().name("Redfish X").build());
        assertThrows(IllegalArgumentException.class, () -> g.toBuilder().virtualMediaRoots("Chassis").build());
        assertThrows(IllegalArgumentException.class, () -> new RedfishQuirks.Builder("x").build(), "every power action needs reset types");
        assertThrows(java.util.regex.PatternSyntaxException.class, () -> g.toBuilder().vendorPattern("(").build());
    }

    @Test
    void genericClaimsRedfishAddressesOnly() {
        RedfishPlugin p = new RedfishPlugin(RedfishQuirks.generic());
        assertTrue(p.claim(new BmcEndpoint("n", "redfish://10.0.0.1", null, null, Map.of())).serves());
        assertTrue(p.claim(new BmcEndpoint("n", "https://10.0.0.1", "Dell Inc.", null, Map.of())).serves());
        assertEquals("plain http:// addresses are served only when the host names the plugin",
                p.claim(new BmcEndpoint("n", "http://10.0.0.1", null, null, Map.of())).why());
        assertEquals(List.of(), p.validate(new BmcEndpoint("n", "http://10.0.0.1", null, null, Map.of())), "but it can drive them");
        assertTrue(!p.claim(new BmcEndpoint("n", "fake://x", null, null, Map.of())).serves());
    }

    @Test
    void registersAsVendorPluginAndLogsOutWhenClosed() throws Exception {
        List<Object[]> registered = new ArrayList<>();
        List<String> unregistered = new ArrayList<>();
        ServiceRegistration<?> reg = (ServiceRegistration<?>) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {ServiceRegistration.class},
                (proxy, m, args) -> {
                    if (m.getName().equals("unregister")) unregistered.add("yes");
                    return null;
                });
        BundleContext ctx = (BundleContext) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {BundleContext.class},
                (proxy, m, args) -> {
                    if (m.getName().equals("registerService")) {
                        registered.add(args);
                        return reg;
                    }
                    throw new UnsupportedOperationException(m.getName());
                });
        try (RedfishTestService bmc = Bmcs.service().build().start()) {
            RedfishPlugin.Registration r = RedfishPlugin.register(ctx, RedfishQuirks.generic());
            assertEquals(VendorPlugin.class, registered.get(0)[0]);
            RedfishPlugin plugin = (RedfishPlugin) registered.get(0)[1];
            Dictionary<?, ?> props = (Dictionary<?, ?>) registered.get(0)[2];
            assertEquals("redfish", props.get("kiln.impl"));
            assertTrue(String.valueOf(props.get("kiln.claims")).contains("redfish://"));
            assertEquals(PowerState.ON, plugin.powerState(Bmcs.target(bmc)));
            r.close();
            assertEquals(List.of("yes"), unregistered);
            assertEquals(1, Bmcs.requests(bmc, "DELETE", "/redfish/v1/SessionService/Sessions/.+").size(), "logged out");
        }
    }

    @Test
    void systemAndManagerIdsFromTheHost() throws Exception {
        try (RedfishTestService bmc = Bmcs.service().build().start(); RedfishPlugin p = new RedfishPlugin(RedfishQuirks.generic())) {
            BmcTarget named = Bmcs.target(bmc, "redfish.systemId", "437XR1138R2", "redfish.managerId", "BMC");
            p.power(named, PowerAction.GRACEFUL_OFF);
            assertEquals("Off", bmc.powerState());
            p.insertMedia(named, URI.create("http://10.0.0.1/x.iso"));
            assertEquals("http://10.0.0.1/x.iso", bmc.virtualMedia().get("CD1"));
            assertTrue(Bmcs.requests(bmc, "GET", "/redfish/v1/Systems").isEmpty(), "no need to list the systems");
            PluginException e = assertThrows(PluginException.class, () -> p.powerState(Bmcs.target(bmc, "redfish.systemId", "Nope")));
            assertTrue(e.getMessage().contains("404 to GET /redfish/v1/Systems/Nope"), e.getMessage());
        }
    }

    @Test
    void severalSystemsNeedAnId() throws Exception {
        try (ScriptedBmc bmc = ScriptedBmc.oneSystem()
                .resource("/redfish/v1/Systems", "{\"Members\":[{\"@odata.id\":\"/redfish/v1/Systems/1\"},{\"@odata.id\":\"/redfish/v1/Systems/2\"}]}");
             RedfishPlugin p = new RedfishPlugin(RedfishQuirks.generic())) {
            BmcTarget t = new BmcTarget(new BmcEndpoint("n", bmc.base().toString(), null, null, Map.of()), Bmcs.ADMIN);
            PluginException e = assertThrows(PluginException.class, () -> p.powerState(t));
            assertTrue(e.getMessage().contains("has 2 systems [/redfish/v1/Systems/1, /redfish/v1/Systems/2]: set redfish.systemId"), e.getMessage());
        }
    }
}
