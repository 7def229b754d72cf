package io.kiln.plugins.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kiln.api.KilnException;
import io.kiln.api.hardware.InterfaceChoice;
import io.kiln.api.hardware.PluginExplanation;
import io.kiln.api.hardware.PowerCommand;
import io.kiln.api.status.SubsystemStatus;
import io.kiln.spi.vendor.PluginException;
import io.kiln.spi.vendor.PowerState;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import java.nio.file.Path;

class HardwareServiceImplTest {
    final Hosts hosts = new Hosts().add("n1", "fake://rack1/n1", null);
    final CountDownLatch release = new CountDownLatch(1);
    final EncryptedCredentialStore vault;
    HardwareServiceImpl registry;

    HardwareServiceImplTest(@TempDir Path data) {
        vault = new EncryptedCredentialStore(data.resolve("credentials"));
        registry = registry(Map.of("callTimeoutSeconds", "1", "maxCallsPerPlugin", "2"));
    }
    long ids;

    HardwareServiceImpl registry(Map<String, Object> config) {
        return new HardwareServiceImpl(hosts.inventory, vault, new HashMap<>(config));
    }

    long deploy(TestPlugin p) {
        return deploy(p, "1.0.0");
    }

    long deploy(TestPlugin p, String version) {
        long id = ++ids;
        registry.added(p, new PluginOrigin("test." + p.name, version, id, "addresses " + p.claimsPrefix));
        return id;
    }

    @AfterEach
    void tearDown() {
        release.countDown();
        registry.deactivate();
    }

    static KilnException fails(Runnable r) {
        return assertThrows(KilnException.class, r::run);
    }

    InterfaceChoice power(PluginExplanation e) {
        return e.interfaces().stream().filter(i -> i.hardwareInterface().equals("power")).findFirst().orElseThrow();
    }

    @Test
    void aClaimingPluginServesPowerAndItsStateFollowsActions() {
        deploy(new TestPlugin("fake", "fake://"));
        assertEquals("ON", registry.powerState("n1").state());
        assertEquals("OFF", registry.power("n1", PowerCommand.OFF).state());
        assertEquals("fake", registry.powerState("n1").plugin());
        InterfaceChoice c = power(registry.explain("n1"));
        assertEquals("fake", c.plugin());
        assertTrue(c.why().contains("claims BMC fake://rack1/n1: address starts with fake://"), c.why());
        assertEquals("fake", registry.plugins().get(0).name());
        assertEquals(java.util.List.of("power"), registry.plugins().get(0).interfaces());
    }

    @Test
    void powerActionsGoIntoTheHostsTimelineWithTheirOutcomeAndReadsDoNot() {
        java.util.List<String> timeline = new java.util.ArrayList<>();
        registry.timeline = new io.kiln.api.events.HostEvents() {
            public void record(String host, io.kiln.api.events.EventSource source, String type, String detail) {
                timeline.add(host + " " + source + " " + type + " " + detail);
            }

            public java.util.List<io.kiln.api.events.HostEvent> events(String host, long afterId, int limit) {
                throw new UnsupportedOperationException();
            }

            public java.util.List<io.kiln.api.events.HostEvent> recent(long afterId, int limit) {
                throw new UnsupportedOperationException();
            }
        };
        TestPlugin p = new TestPlugin("fake", "fake://");
        deploy(p);
        registry.power("n1", PowerCommand.OFF);
        registry.powerState("n1");
        p.problems = java.util.List.of("no address for its BMC");
        fails(() -> registry.power("n1", PowerCommand.CYCLE));
        assertEquals(java.util.List.of("n1 BMC bmc-power off through plugin 'fake': the BMC reports OFF",
                "n1 BMC bmc-power-failed cycle: host 'n1': plugin 'fake' cannot drive its power: no address for its BMC"), timeline);
    }

    @Test
    void aPluginThatThrowsFailsThatCallWithOneLineNamingPluginHostAndCall() {
        TestPlugin p = new TestPlugin("broken", "fake://");
        p.state = () -> {
            throw new IllegalStateException("boom\n\tat somewhere");
        };
        deploy(p);
        KilnException e = fails(() -> registry.powerState("n1"));
        assertEquals(KilnException.Kind.UNAVAILABLE, e.kind());
        assertEquals("plugin 'broken' failed power state for host 'n1': IllegalStateException: boom at somewhere (a fault in the plugin)", e.getMessage());
        p.state = () -> {
            throw new PluginException("BMC busy", true, null);
        };
        assertEquals("plugin 'broken' failed power state for host 'n1': BMC busy (transient: trying again later may work)",
                fails(() -> registry.powerState("n1")).getMessage());
        p.state = () -> {
            throw new NoClassDefFoundError("io/gone/Thing");
        };
        assertTrue(fails(() -> registry.powerState("n1")).getMessage().contains("NoClassDefFoundError: io/gone/Thing"));
        p.state = () -> PowerState.OFF;
        assertEquals("OFF", registry.powerState("n1").state(), "the plugin is still usable after its faults");
    }

    @Test
    void aNullAnswerIsAFailureNotANullPointerLater() {
        TestPlugin p = new TestPlugin("nully", "fake://");
        p.state = () -> null;
        deploy(p);
        assertEquals("plugin 'nully' failed power state for host 'n1': the plugin answered nothing (null)", fails(() -> registry.powerState("n1")).getMessage());
    }

    @Test
    void aHungPluginTimesOutAndHoldsOnlyItsOwnThreads() throws Exception {
        hosts.add("n2", "other://n2", null);
        TestPlugin hung = new TestPlugin("hung", "fake://");
        hung.state = () -> TestPlugin.hang(release);
        deploy(hung);
        deploy(new TestPlugin("well", "other://"));
        long t0 = System.nanoTime();
        KilnException e = fails(() -> registry.powerState("n1"));
        assertTrue(e.getMessage().startsWith("plugin 'hung' failed power state for host 'n1': no answer within 1 s"), e.getMessage());
        System.out.println("timed out after " + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0) + " ms");
        fails(() -> registry.powerState("n1")); // both of its 2 slots now hang, deaf to interrupts
        KilnException busy = fails(() -> registry.powerState("n1"));
        // even its claim cannot get a slot now: the answer says so
        assertTrue(busy.getMessage().contains("plugin 'hung' failed claim for host 'n1': busy: all 2 of its call slots are taken"), busy.getMessage());
        assertEquals(2, hung.calls.get(), "the third call never reached the plugin");
        assertEquals("ON", registry.powerState("n2").state(), "another plugin is not held up");
    }

    @Test
    void preferenceOrdersPluginsThatClaimTheSameBmc() {
        deploy(new TestPlugin("alpha", "fake://"));
        deploy(new TestPlugin("beta", "fake://"));
        deploy(new TestPlugin("gamma", "redfish://"));
        InterfaceChoice byName = power(registry.explain("n1"));
        assertEquals("alpha", byName.plugin(), "no preference: first by name");
        assertTrue(byName.considered().contains("beta: claims it too (address starts with fake://), but comes after alpha in the preference order"),
                byName.considered().toString());
        assertTrue(byName.considered().contains("gamma: does not claim BMC fake://rack1/n1 (not redfish://)"), byName.considered().toString());
        registry.configure(Map.of("preference", "gamma, beta,alpha"));
        InterfaceChoice preferred = power(registry.explain("n1"));
        assertEquals("beta", preferred.plugin());
        assertTrue(preferred.why().endsWith("; #2 in preference [test.beta 1.0.0]"), preferred.why());
        assertEquals("beta", registry.powerState("n1").plugin());
    }

    @Test
    void thePluginTheHostNamesComesFirstAndItsAbsenceIsExplained() {
        hosts.add("n3", "https://10.0.0.3", "beta");
        deploy(new TestPlugin("alpha", "https://"));
        InterfaceChoice missing = power(registry.explain("n3"));
        assertNull(missing.plugin());
        assertEquals("plugin 'beta' named by the host is not deployed (deployed: alpha)", missing.why());
        assertEquals("host 'n3': no plugin for power: plugin 'beta' named by the host is not deployed (deployed: alpha)",
                fails(() -> registry.powerState("n3")).getMessage());
        assertEquals(SubsystemStatus.State.DEGRADED, registry.health().state());
        assertTrue(registry.health().reason().contains("hosts name a plugin that is not deployed: n3 (beta)"), registry.health().reason());
        deploy(new TestPlugin("beta", null)); // claims nothing: being named is enough
        InterfaceChoice named = power(registry.explain("n3"));
        assertEquals("beta", named.plugin());
        assertTrue(named.why().startsWith("named by the host (bmc.plugin = beta)"), named.why());
        assertTrue(named.considered().contains("alpha: not used: the host names 'beta'"), named.considered().toString());
        assertEquals(SubsystemStatus.State.UP, registry.health().state());
    }

    @Test
    void validateProblemsAreShownAndRefuseTheCall() {
        TestPlugin p = new TestPlugin("picky", "fake://");
        p.problems = java.util.List.of("picky.systemId is missing");
        deploy(p);
        assertEquals(java.util.List.of("picky.systemId is missing"), power(registry.explain("n1")).problems());
        KilnException e = fails(() -> registry.powerState("n1"));
        assertEquals(KilnException.Kind.INVALID, e.kind());
        assertEquals(0, p.calls.get());
    }

    @Test
    void aRemovedPluginIsGoneAndACallAlreadyInItFinishes() throws Exception {
        TestPlugin p = new TestPlugin("fake", "fake://");
        CountDownLatch inside = new CountDownLatch(1);
        CountDownLatch finish = new CountDownLatch(1);
        p.state = () -> {
            inside.countDown();
            try {
                finish.await();
            } catch (InterruptedException e) {
                throw new PluginException("interrupted");
            }
            return PowerState.OFF;
        };
        long id = deploy(p);
        CompletableFuture<String> running = CompletableFuture.supplyAsync(() -> registry.powerState("n1").state());
        assertTrue(inside.await(5, TimeUnit.SECONDS));
        registry.removed(id);
        finish.countDown();
        assertEquals("OFF", running.get(5, TimeUnit.SECONDS), "the call that was running when the plugin left finished");
        assertTrue(registry.plugins().isEmpty());
        assertEquals("no deployed plugin implements power", power(registry.explain("n1")).why());
        assertTrue(fails(() -> registry.powerState("n1")).getMessage().startsWith("host 'n1': no plugin for power"));
    }

    @Test
    void anUpdatedPluginReplacesTheOldAndTheNewestVersionServesMeanwhile() {
        long old = deploy(new TestPlugin("fake", "fake://"), "1.0.0");
        deploy(new TestPlugin("fake", "fake://"), "1.1.0");
        assertTrue(power(registry.explain("n1")).why().endsWith("[test.fake 1.1.0]"));
        registry.removed(old);
        assertEquals(1, registry.plugins().size());
        assertEquals("1.1.0", registry.plugins().get(0).version());
    }

    @Test
    void aPluginWhoseNameIsWrongOrThrowsIsRefusedAndReported() {
        deploy(new TestPlugin("Bad Name", "fake://"));
        TestPlugin thrower = new TestPlugin("x", "fake://") {
            @Override
            public String name() {
                throw new IllegalStateException("no name");
            }
        };
        deploy(thrower);
        assertTrue(registry.plugins().isEmpty());
        String reason = registry.health().reason();
        assertTrue(reason.contains("is not used: its name 'Bad Name' is not a plugin name"), reason);
        assertTrue(reason.contains("failed name(): IllegalStateException: no name"), reason);
    }

    @Test
    void aHostWithoutBmcIsTold() {
        hosts.add("bare", null, null);
        assertEquals(KilnException.Kind.INVALID, fails(() -> registry.powerState("bare")).kind());
        assertEquals(KilnException.Kind.NOT_FOUND, fails(() -> registry.powerState("nobody")).kind());
        assertTrue(power(registry.explain("bare")).why().startsWith("host 'bare' has no BMC"));
    }

    @Test
    void theHostsCredentialIsResolvedForEachCallAndAMissingOneIsNamed() {
        hosts.add("n4", "fake://rack1/n4", null, "rack1-bmc");
        TestPlugin p = new TestPlugin("fake", "fake://");
        deploy(p);
        KilnException missing = fails(() -> registry.powerState("n4"));
        assertEquals(KilnException.Kind.INVALID, missing.kind());
        assertEquals("host 'n4' names BMC credential 'rack1-bmc', which is not stored (kiln:credential-set --username USER rack1-bmc)", missing.getMessage());
        assertEquals(java.util.List.of("BMC credential 'rack1-bmc' is not stored (kiln:credential-set --username USER rack1-bmc)"),
                power(registry.explain("n4")).problems(), "plugin-explain says so before any call");
        vault.set("rack1-bmc", "admin", "s3cret".toCharArray());
        assertEquals("ON", registry.powerState("n4").state());
        assertEquals(java.util.List.of(), power(registry.explain("n4")).problems());
        assertEquals("admin", p.lastCredentials.username());
        assertEquals("s3cret", p.lastCredentials.password());
        registry.powerState("n1");
        assertNull(p.lastCredentials, "a host that names no credential gets none");
    }
}
