package io.kiln.web.internal;

import static io.kiln.web.internal.Calls.call;
import static io.kiln.web.internal.Calls.get;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kiln.api.KilnException;
import io.kiln.api.hardware.DeviceDriver;
import io.kiln.api.hardware.DriverPlan;
import io.kiln.api.hardware.HardwareService;
import io.kiln.api.hardware.InterfaceChoice;
import io.kiln.api.hardware.PluginExplanation;
import io.kiln.api.hardware.PluginInfo;
import io.kiln.api.hardware.PowerCommand;
import io.kiln.api.hardware.PowerReading;
import io.kiln.api.rest.ApiResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class HardwareResourceTest {
    /** One host, n1, whose power a fake plugin holds. */
    static final class OneHost implements HardwareService {
        String state = "OFF";

        @Override
        public List<PluginInfo> plugins() {
            return List.of(new PluginInfo("fake", "kiln-plugin-fake", "0.1.0", List.of("power"), "BMC addresses fake://..."));
        }

        @Override
        public PluginExplanation explain(String host) {
            check(host);
            return new PluginExplanation(host, "fake://n1", null, List.of(), List.of(new InterfaceChoice("power", "fake", "claims it", List.of(), List.of())));
        }

        @Override
        public PowerReading powerState(String host) {
            check(host);
            return new PowerReading(host, "fake", state);
        }

        @Override
        public PowerReading power(String host, PowerCommand command) {
            check(host);
            state = command == PowerCommand.ON || command == PowerCommand.CYCLE ? "ON" : "OFF";
            return powerState(host);
        }

        @Override
        public DriverPlan drivers(String host) {
            check(host);
            return new DriverPlan(host, "ubuntu", "24.04", "variable os.family",
                    List.of(new DeviceDriver("0000:3b:00.0", "10de", "2330", "GH100[H100 SXM5 80GB]", "drivers-nvidia", "hopper",
                            "Hopper, branch 580, open kernel modules supported", "nvidia-modules: https://docs.nvidia.com/..."),
                            new DeviceDriver(null, "1af4", "1000", null, null, null, "no deployed plugin selects drivers for PCI vendor 1af4", null)),
                    List.of("nvidia-driver-580-server-open"), List.of("nvidia"), List.of("modprobe.blacklist=nouveau"), List.of(), List.of(),
                    List.of("plugin 'drivers-mellanox' failed driver selection for host 'n1': no answer within 30 s"));
        }

        private static void check(String host) {
            if (!host.equals("n1")) throw KilnException.notFound("no host named '" + host + "'");
        }
    }

    final FakeInventory inventory = new FakeInventory();
    final OneHost hardware = new OneHost();

    ApiRouter router(HardwareService hw) {
        ApiRouter router = ApiRouterTest.router(new EntityResource(inventory), new DhcpResource(null), new TftpResource(null), new BootResource(null, null));
        router.add(new HardwareResource(hw), new String[] {"plugins", "hosts/*/plugins", "hosts/*/power", "hosts/*/drivers"});
        return router;
    }

    static String json(ApiResponse r) {
        return new String(JsonBody.write(r.body()), StandardCharsets.UTF_8);
    }

    @Test
    void hostSubResourcesGoToThePluginsWhileTheHostItselfStaysTheInventorys() {
        ApiRouter api = router(hardware);
        assertEquals(201, api.handle(call("POST", "/hosts", ApiRouterTest.H1)).status());
        assertEquals(200, api.handle(get("/hosts/h1")).status(), "GET /hosts/h1 is still the entity");
        assertEquals(200, api.handle(get("/hosts/h1/variables")).status());
        ApiResponse list = api.handle(get("/plugins"));
        assertEquals(200, list.status());
        assertTrue(json(list).contains("\"bundle\" : \"kiln-plugin-fake\""), json(list));
        assertTrue(json(api.handle(get("/hosts/n1/plugins"))).contains("\"plugin\" : \"fake\""));
        assertEquals(404, api.handle(get("/hosts/zz/power")).status());
    }

    @Test
    void powerIsReadAndChangedWithAnActionBody() {
        ApiRouter api = router(hardware);
        assertTrue(json(api.handle(get("/hosts/n1/power"))).contains("\"state\" : \"OFF\""));
        ApiResponse on = api.handle(call("POST", "/hosts/n1/power", "{\"action\":\"on\"}"));
        assertEquals(200, on.status(), json(on));
        assertTrue(json(on).contains("\"state\" : \"ON\""), json(on));
        ApiResponse bad = api.handle(call("POST", "/hosts/n1/power", "{\"action\":\"explode\"}"));
        assertEquals(400, bad.status());
        assertTrue(json(bad).contains("power action 'explode' is not one of on, off, graceful-off, cycle"), json(bad));
        assertEquals(400, api.handle(call("POST", "/hosts/n1/power", "{\"action\":\"on\",\"force\":true}")).status());
        assertEquals(405, api.handle(call("DELETE", "/hosts/n1/power", null)).status());
        assertEquals(405, api.handle(call("POST", "/plugins", "{}")).status());
    }

    @Test
    void aHostsDriverPlanIsReadWithEachDeviceItsRuleAndSourceAndTheProblems() {
        ApiRouter api = router(hardware);
        ApiResponse r = api.handle(get("/hosts/n1/drivers"));
        assertEquals(200, r.status(), json(r));
        String body = json(r);
        for (String s : new String[] {"\"osFamily\" : \"ubuntu\"", "\"rule\" : \"hopper\"", "\"plugin\" : \"drivers-nvidia\"",
                "\"source\" : \"nvidia-modules: https://docs.nvidia.com/...\"", "\"packages\" : [ \"nvidia-driver-580-server-open\" ]",
                "\"kernelArgs\" : [ \"modprobe.blacklist=nouveau\" ]", "no deployed plugin selects drivers for PCI vendor 1af4",
                "\"problems\" : [ \"plugin 'drivers-mellanox' failed"}) {
            assertTrue(body.contains(s), s + " in " + body);
        }
        assertEquals(404, api.handle(get("/hosts/zz/drivers")).status());
        assertEquals(405, api.handle(call("POST", "/hosts/n1/drivers", "{}")).status());
        assertEquals(503, router(null).handle(get("/hosts/n1/drivers")).status());
    }

    @Test
    void withoutTheRegistryOnlyItsPathsAnswer503() {
        ApiRouter api = router(null);
        assertEquals(503, api.handle(get("/plugins")).status());
        assertEquals(503, api.handle(get("/hosts/n1/power")).status());
        assertEquals(200, api.handle(get("/hosts")).status());
    }

    @Test
    void routePathsMatchWholeSegments() {
        assertEquals(1, ApiRouter.matches("hosts", List.of("hosts", "a", "b")));
        assertEquals(3, ApiRouter.matches("hosts/*/power", List.of("hosts", "a", "power")));
        assertEquals(0, ApiRouter.matches("hosts/*/power", List.of("hosts", "a")));
        assertEquals(0, ApiRouter.matches("hosts/*/power", List.of("hosts", "a", "plugins")));
        assertEquals(0, ApiRouter.matches("hosts", List.of()));
    }
}
