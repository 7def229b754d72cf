package io.kiln.web.internal;

import static io.kiln.web.internal.Calls.call;
import static io.kiln.web.internal.Calls.get;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kiln.api.KilnException;
import io.kiln.api.hardware.BmcAdded;
import io.kiln.api.hardware.BmcRegistration;
import io.kiln.api.hardware.BootChoice;
import io.kiln.api.hardware.BootSetting;
import io.kiln.api.hardware.CredentialStore;
import io.kiln.api.hardware.FirmwareChange;
import io.kiln.api.hardware.FirmwareInventory;
import io.kiln.api.hardware.FirmwareItem;
import io.kiln.api.hardware.FirmwareUpdate;
import io.kiln.api.hardware.DeviceDriver;
import io.kiln.api.hardware.DriverPlan;
import io.kiln.api.hardware.HardwareService;
import io.kiln.api.hardware.InspectionResult;
import io.kiln.api.hardware.MediaAction;
import io.kiln.api.hardware.MediaResult;
import io.kiln.api.hardware.StoredCredential;
import io.kiln.api.inventory.Host;
import io.kiln.api.hardware.InterfaceChoice;
import io.kiln.api.hardware.PluginExplanation;
import io.kiln.api.hardware.PluginInfo;
import io.kiln.api.hardware.PowerCommand;
import io.kiln.api.hardware.PowerReading;
import io.kiln.api.rest.ApiResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
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
        public BootSetting setBootDevice(String host, BootChoice device, String url, boolean persistent) {
            check(host);
            return new BootSetting(host, "fake", device.operatorName(), url, persistent, url == null ? null : "given");
        }

        @Override
        public MediaResult virtualMedia(String host, MediaAction action, String image) {
            check(host);
            return new MediaResult(host, "fake", action.operatorName(), image);
        }

        @Override
        public FirmwareInventory firmware(String host) {
            check(host);
            return new FirmwareInventory(host, "fake", List.of(new FirmwareItem("bmc", "BMC", "2.1.0", true)));
        }

        final List<FirmwareUpdate> updates = new java.util.ArrayList<>();

        @Override
        public FirmwareUpdate startFirmwareUpdate(String host, String image, boolean push) {
            check(host);
            FirmwareUpdate u = new FirmwareUpdate("fw-" + (updates.size() + 1), host, "fake", image, push, Instant.EPOCH, null, FirmwareUpdate.State.RUNNING, 0,
                    "accepted", List.of());
            updates.add(0, u);
            return u;
        }

        @Override
        public List<FirmwareUpdate> firmwareUpdates(String host) {
            check(host);
            return updates;
        }

        @Override
        public FirmwareUpdate firmwareUpdate(String host, String id) {
            check(host);
            return updates.stream().filter(u -> u.id().equals(id)).findFirst().orElseThrow(() -> KilnException.notFound("no firmware update '" + id + "'"));
        }

        @Override
        public FirmwareUpdate awaitFirmwareUpdate(String host, String id, Duration atMost) {
            FirmwareUpdate u = firmwareUpdate(host, id);
            return new FirmwareUpdate(u.id(), host, u.plugin(), u.image(), u.push(), u.started(), Instant.EPOCH, FirmwareUpdate.State.DONE, 100, "done",
                    List.of(new FirmwareChange("BMC", "2.1.0", "2.1.1")));
        }

        @Override
        public InspectionResult inspect(String host) {
            check(host);
            return new InspectionResult(host, "fake", Map.of("pci", "15b3:101d@0000:3b:00.0"));
        }

        @Override
        public BmcAdded addBmc(BmcRegistration r) {
            if (r.address().equals("fake://taken")) throw KilnException.conflict("BMC fake://taken already belongs to host 'n1'");
            return new BmcAdded(Host.of(r.name() == null ? "fake1" : r.name(), List.of("52:54:00:00:00:77"), r.profile()), "fake", "claims it");
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
    /** Credentials as the store keeps them (with their secrets: only this test reads them). */
    final Map<String, String[]> stored = new TreeMap<>();
    final CredentialStore vault = new CredentialStore() {
        @Override
        public void set(String name, String username, char[] password) {
            if (!name.matches("[a-z0-9._-]+")) throw KilnException.invalid("credential name '" + name + "' is not allowed");
            stored.put(name, new String[] {username, new String(password)});
        }

        @Override
        public boolean remove(String name) {
            return stored.remove(name) != null;
        }

        @Override
        public List<StoredCredential> list() {
            return stored.entrySet().stream().map(e -> new StoredCredential(e.getKey(), e.getValue()[0])).toList();
        }
    };

    ApiRouter router(HardwareService hw) {
        ApiRouter router = ApiRouterTest.router(new EntityResource(inventory), new DhcpResource(null), new TftpResource(null), new BootResource(null, null));
        router.add(new HardwareResource(hw), HardwareResource.PATHS);
        router.add(new CredentialResource(vault), "credentials");
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
        assertEquals(415, api.handle(call("POST", "/plugins", "{}")).status(), "a plugin upload is a jar, not JSON");
        assertEquals(405, api.handle(call("DELETE", "/plugins", null)).status());
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

    @Test
    void bootDeviceMediaAndInspectionAreActionsWithStrictBodies() {
        ApiRouter api = router(hardware);
        ApiResponse boot = api.handle(call("POST", "/hosts/n1/boot-device", "{\"device\":\"http\",\"url\":\"http://kiln/x.efi\",\"persistent\":true}"));
        assertEquals(200, boot.status(), json(boot));
        assertTrue(json(boot).contains("\"device\" : \"http\"") && json(boot).contains("\"persistent\" : true"), json(boot));
        ApiResponse badDevice = api.handle(call("POST", "/hosts/n1/boot-device", "{\"device\":\"floppy\"}"));
        assertEquals(400, badDevice.status());
        assertTrue(json(badDevice).contains("boot device 'floppy' is not one of pxe, http, cd, disk"), json(badDevice));
        assertEquals(400, api.handle(call("POST", "/hosts/n1/boot-device", "{\"device\":\"pxe\",\"persistent\":\"yes\"}")).status());
        assertEquals(400, api.handle(call("POST", "/hosts/n1/boot-device", "{\"device\":\"pxe\",\"once\":true}")).status());
        assertEquals(405, api.handle(get("/hosts/n1/boot-device")).status());

        ApiResponse media = api.handle(call("POST", "/hosts/n1/virtual-media", "{\"action\":\"insert\",\"image\":\"http://kiln/a.iso\"}"));
        assertEquals(200, media.status(), json(media));
        ApiResponse badAction = api.handle(call("POST", "/hosts/n1/virtual-media", "{\"action\":\"explode\"}"));
        assertEquals(400, badAction.status());
        assertTrue(json(badAction).contains("virtual media action 'explode' is not one of insert, eject"), json(badAction));

        assertTrue(json(api.handle(call("POST", "/hosts/n1/inspection", null))).contains("15b3:101d@0000:3b:00.0"));
        assertEquals(404, api.handle(call("POST", "/hosts/zz/inspection", "{}")).status());
    }

    @Test
    void firmwareUpdatesAreRecordsWithALocation() {
        ApiRouter api = router(hardware);
        assertTrue(json(api.handle(get("/hosts/n1/firmware"))).contains("\"version\" : \"2.1.0\""));
        ApiResponse started = api.handle(call("POST", "/hosts/n1/firmware/updates", "{\"image\":\"http://kiln/bmc.bin\"}"));
        assertEquals(201, started.status(), json(started));
        assertEquals("/api/v1/hosts/n1/firmware/updates/fw-1", started.headers().get("Location"));
        assertTrue(json(started).contains("\"state\" : \"RUNNING\""), json(started));
        ApiResponse waited = api.handle(call("POST", "/hosts/n1/firmware/updates?wait=5", "{\"image\":\"http://kiln/bmc.bin\",\"push\":true}"));
        assertTrue(json(waited).contains("\"newVersion\" : \"2.1.1\""), json(waited));
        assertEquals(400, api.handle(call("POST", "/hosts/n1/firmware/updates?wait=-1", "{\"image\":\"http://x/y\"}")).status());
        assertTrue(json(api.handle(get("/hosts/n1/firmware/updates"))).contains("fw-2"));
        assertEquals(200, api.handle(get("/hosts/n1/firmware/updates/fw-1")).status());
        assertEquals(404, api.handle(get("/hosts/n1/firmware/updates/fw-9")).status());
        assertEquals(405, api.handle(call("DELETE", "/hosts/n1/firmware/updates/fw-1", null)).status());
        assertEquals(404, api.handle(get("/hosts/n1/firmware/other")).status());
    }

    @Test
    void aHostIsRegisteredFromItsBmcAndAConflictIs409() {
        ApiRouter api = router(hardware);
        ApiResponse added = api.handle(call("POST", "/bmcs", "{\"address\":\"fake://rack1/node7\",\"credentialRef\":\"rack1\",\"name\":\"node7\"}"));
        assertEquals(201, added.status(), json(added));
        assertEquals("/api/v1/hosts/node7", added.headers().get("Location"));
        assertEquals(409, api.handle(call("POST", "/bmcs", "{\"address\":\"fake://taken\"}")).status());
        ApiResponse noAddress = api.handle(call("POST", "/bmcs", "{\"name\":\"x\"}"));
        assertEquals(400, noAddress.status());
        assertTrue(json(noAddress).contains("field 'address' is required"), json(noAddress));
        assertEquals(405, api.handle(get("/bmcs")).status());
    }

    @Test
    void credentialsAreWriteOnlyAndNoAnswerCarriesThePassword() {
        ApiRouter api = router(hardware);
        String secret = "Sw0rdf1sh-" + System.nanoTime();
        ApiResponse put = api.handle(call("PUT", "/credentials/rack1-bmc", "{\"username\":\"admin\",\"password\":\"" + secret + "\"}"));
        assertEquals(201, put.status(), json(put));
        assertEquals(secret, stored.get("rack1-bmc")[1]);
        assertEquals(200, api.handle(call("PUT", "/credentials/rack1-bmc", "{\"username\":\"root\",\"password\":\"" + secret + "\"}")).status());
        List<ApiResponse> answers = List.of(put,
                api.handle(get("/credentials")),
                api.handle(call("PUT", "/credentials/rack1-bmc", "{\"username\":\"admin\",\"password\":" + secret + "}")),
                api.handle(call("PUT", "/credentials/rack1-bmc", "{\"username\":\"admin\",\"password\":\"" + secret + "\",\"" + secret + "\":1}")),
                api.handle(call("PUT", "/credentials/rack1-bmc", "{\"username\":\"admin\",\"password\":[\"" + secret + "\"]}")),
                api.handle(call("PUT", "/credentials/BAD", "{\"username\":\"admin\",\"password\":\"" + secret + "\"}")),
                api.handle(call("PUT", "/credentials/rack1-bmc", "\"" + secret)));
        for (ApiResponse a : answers) assertTrue(!json(a).contains(secret) && !json(a).contains("Sw0rdf1sh"), json(a));
        assertEquals(List.of(200, 400, 400, 400, 400, 400), answers.subList(1, answers.size()).stream().map(ApiResponse::status).toList());
        assertTrue(json(answers.get(1)).contains("\"username\" : \"root\""), json(answers.get(1)));
        assertEquals(405, api.handle(get("/credentials/rack1-bmc")).status(), "write-only: no GET of one");
        assertEquals(200, api.handle(call("DELETE", "/credentials/rack1-bmc", null)).status());
        assertEquals(404, api.handle(call("DELETE", "/credentials/rack1-bmc", null)).status());
        assertEquals(503, router(null).handle(get("/plugins")).status());
    }
}
