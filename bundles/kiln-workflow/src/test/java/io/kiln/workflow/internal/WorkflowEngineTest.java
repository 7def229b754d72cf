package io.kiln.workflow.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kiln.api.KilnException;
import io.kiln.api.boot.FileCheck;
import io.kiln.api.boot.FileWarnings;
import io.kiln.api.boot.ProvisioningFiles;
import io.kiln.api.template.RenderedFile;
import io.kiln.api.events.EventSource;
import io.kiln.api.events.HostEvent;
import io.kiln.api.events.HostEvents;
import io.kiln.api.hardware.HardwareService;
import io.kiln.api.hardware.PowerReading;
import io.kiln.api.inventory.Bmc;
import io.kiln.api.inventory.BootProfile;
import io.kiln.api.inventory.EntityKind;
import io.kiln.api.inventory.Host;
import io.kiln.api.inventory.HostStatus;
import io.kiln.api.inventory.ImageRef;
import io.kiln.api.inventory.InstallMethod;
import io.kiln.api.inventory.Instance;
import io.kiln.api.inventory.OnboardingState;
import io.kiln.api.inventory.ProvisioningState;
import io.kiln.api.inventory.WorkflowStep;
import io.kiln.api.inventory.WorkflowTemplate;
import io.kiln.api.onboarding.AgentAction;
import io.kiln.api.workflow.RunState;
import io.kiln.api.workflow.StepState;
import io.kiln.api.workflow.WorkflowRun;
import io.kiln.inventory.internal.InventoryServiceImpl;
import io.kiln.store.internal.JdbcDocumentStore;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The engine on real parts: the inventory on the real store (embedded H2), a clock the test moves, the engine's own threads. */
class WorkflowEngineTest {
    static final String SHA = "a".repeat(64);

    @TempDir
    Path dir;
    final TestClock clock = new TestClock();
    JdbcDocumentStore store;
    InventoryServiceImpl inventory;
    final List<WorkflowService> services = new ArrayList<>();
    final RecordingEvents events = new RecordingEvents();
    final AtomicInteger powerCalls = new AtomicInteger();
    volatile CountDownLatch powerBlocks = new CountDownLatch(0);

    @BeforeEach
    void setUp() {
        System.setProperty("karaf.data", dir.toString());
        store = JdbcDocumentStore.open("", "", "");
        inventory = new InventoryServiceImpl(store, Map.of("legacyFile", dir.resolve("none.json").toString(), "refreshSeconds", "0"));
        inventory.addProfile(new BootProfile("os", "vmlinuz", List.of("initrd.img"), "", "", new ImageRef("os.img.gz", SHA), InstallMethod.IMAGE, null));
        inventory.addHost(Host.builder("vm-1").macs(List.of("52:54:00:0c:00:01")).profile("os").vars(Map.of("root.name", "vda")).build());
        inventory.addHost(Host.builder("bmc-1").macs(List.of("52:54:00:0c:00:02")).bmc(new Bmc("10.0.0.9", null, null)).build());
    }

    @AfterEach
    void tearDown() {
        for (WorkflowService s : services) s.deactivate();
        store.close();
    }

    WorkflowService engine(String appliance) {
        WorkflowService s = new WorkflowService(inventory, store, hardware(), files(), events, clock, WorkflowSettings.read(Map.of("recheckSeconds", "1")), appliance);
        services.add(s);
        s.startEngine();
        return s;
    }

    /** vm-1's zero-touch run started by itself; cancelled, so the test starts its own. */
    static void cancelZtp(WorkflowService s) throws InterruptedException {
        await("the ZTP run of vm-1", () -> s.run("vm-1").isPresent());
        s.cancel("vm-1", "test");
    }

    void advance(Duration d) {
        clock.advance(d);
        for (WorkflowService s : services) s.engine().housekeeping(); // the lease, renewed on the moved clock
    }

    void put(WorkflowTemplate t) {
        inventory.save(t, -1);
    }

    static WorkflowStep step(String name, String type, Map<String, String> params, int retries, int backoff, Boolean idempotent, WorkflowStep undo,
                             List<String> gates) {
        return new WorkflowStep(name, type, null, params, 0, retries, backoff, idempotent, undo, gates);
    }

    static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) throw new AssertionError("timed out waiting for: " + what);
            Thread.sleep(20);
        }
    }

    static WorkflowRun run(WorkflowService s, String host) {
        return s.run(host).orElseThrow();
    }

    /** The agent asks until it is handed a real action. */
    static AgentAction nextAction(WorkflowService s, String host) throws InterruptedException {
        AgentAction[] a = new AgentAction[1];
        await("an agent action for " + host, () -> {
            a[0] = s.next(host);
            return !a[0].type().equals("wait");
        });
        return a[0];
    }

    @Test
    void zeroTouchRunGoesFromOnboardingToRunningWithTheAgentAndThenBootsFromDisk() throws Exception {
        WorkflowService s = engine("a");
        await("the ZTP run of vm-1", () -> s.run("vm-1").isPresent());
        WorkflowRun r = run(s, "vm-1");
        assertEquals("ztp", r.template());
        await("waiting for onboarding", () -> run(s, "vm-1").current() == 2);
        assertEquals(StepState.SKIPPED, run(s, "vm-1").steps().get(0).state(), "no BMC: nothing to set");
        assertTrue(run(s, "vm-1").steps().get(1).message().contains("no BMC"), run(s, "vm-1").steps().get(1).message());
        assertEquals("wait", s.next("vm-1").type(), "nothing for the agent before it onboarded");

        s.hostEvent("vm-1", "boot-script", "http://10.0.0.1:8080");
        s.hostEvent("vm-1", "onboarded", "");
        AgentAction image = nextAction(s, "vm-1");
        assertEquals("image", image.type());
        assertEquals("/artifacts/os.img.gz", image.parameters().get("url"));
        assertEquals(Map.of("name", "vda"), image.parameters().get("rootDeviceHints"));
        assertEquals(image, s.next("vm-1"), "an agent that asks again (it restarted) gets the same idempotent action");
        s.progress("vm-1", image.id(), 40, "40 % written", List.of("line 1"));
        assertEquals(List.of("line 1"), run(s, "vm-1").steps().get(3).log());
        s.result("vm-1", image.id(), true, "written", Map.of("disk", "vda"));
        assertThrows(KilnException.class, () -> s.result("vm-1", "nope", true, "", Map.of()));

        AgentAction files = nextAction(s, "vm-1");
        assertEquals("files", files.type());
        assertTrue(files.parameters().get("files").toString().contains("with http://10.0.0.1:8080"), files.toString());
        s.result("vm-1", files.id(), true, "written", Map.of());
        AgentAction reboot = nextAction(s, "vm-1");
        assertEquals("reboot", reboot.type());
        assertNull(s.bootsFromDisk("vm-1"));
        s.result("vm-1", reboot.id(), true, "rebooting", Map.of());
        await("boots from disk", () -> s.bootsFromDisk("vm-1") != null);
        s.hostEvent("vm-1", "first-boot", "marker");
        await("succeeded", () -> run(s, "vm-1").state() == RunState.SUCCEEDED);
        assertEquals(ProvisioningState.RUNNING, inventory.get(Instance.class, "vm-1").orElseThrow().value().current());
        assertEquals("done", s.next("vm-1").type());
        await("the run-succeeded event (recorded just after the run is saved)", () -> events.types("vm-1").contains("run-succeeded"));
        List<String> types = events.types("vm-1");
        assertEquals(List.of("run-started", "step-started", "step-skipped", "step-started", "step-skipped", "step-started", "step-done"),
                types.subList(0, 7), types.toString());
        assertTrue(types.indexOf("instance") < types.indexOf("run-succeeded"), types.toString());
    }

    @Test
    void aFailingStepIsRetriedWithBackoffThenTheDoneStepsAreUndoneLastFirst() throws Exception {
        put(new WorkflowTemplate("undo", "", List.of(
                step("a", "notify", Map.of("message", "did a"), 0, 0, null, step(null, "notify", Map.of("message", "undid a"), 0, 0, null, null, null), null),
                step("b", "notify", Map.of("message", "did b"), 0, 0, null, step(null, "notify", Map.of("message", "undid b"), 0, 0, null, null, null), null),
                step("s", "script", Map.of("script", "false"), 2, 5, null, null, null))));
        WorkflowService s = engine("a");
        s.start("bmc-1", "undo", "test");
        AgentAction a1 = nextAction(s, "bmc-1");
        s.result("bmc-1", a1.id(), false, "exit 1", Map.of());
        await("retry wait", () -> run(s, "bmc-1").steps().get(2).state() == StepState.RETRY_WAIT);
        Instant next = run(s, "bmc-1").steps().get(2).nextAttempt();
        assertEquals(Duration.ofSeconds(5), Duration.between(clock.instant(), next), "first backoff");
        assertEquals("wait", s.next("bmc-1").type(), "not before the backoff");
        advance(Duration.ofSeconds(5));
        AgentAction a2 = nextAction(s, "bmc-1");
        assertTrue(!a2.id().equals(a1.id()), "a new attempt has a new id");
        s.result("bmc-1", a2.id(), false, "exit 1", Map.of());
        await("second retry wait", () -> run(s, "bmc-1").steps().get(2).attempt() == 2 && run(s, "bmc-1").steps().get(2).state() == StepState.RETRY_WAIT);
        assertEquals(Duration.ofSeconds(10), Duration.between(clock.instant(), run(s, "bmc-1").steps().get(2).nextAttempt()), "doubled");
        advance(Duration.ofSeconds(10));
        AgentAction a3 = nextAction(s, "bmc-1");
        s.result("bmc-1", a3.id(), false, "exit 1 again", Map.of());
        await("failed", () -> run(s, "bmc-1").state() == RunState.FAILED);
        WorkflowRun r = run(s, "bmc-1");
        assertEquals(StepState.FAILED, r.steps().get(2).state());
        assertEquals(3, r.steps().get(2).attempt());
        assertEquals(StepState.COMPENSATED, r.steps().get(0).state());
        assertEquals(StepState.COMPENSATED, r.steps().get(1).state());
        assertTrue(r.reason().contains("exit 1 again"), r.reason());
        List<String> notes = events.details("bmc-1", "notify");
        assertEquals(List.of("did a", "did b", "undid b", "undid a"), notes, "compensations run last first");
        // /metrics: each attempt by action and outcome (compensations are not steps' attempts)
        Map<Map<String, String>, Double> attempts = new java.util.HashMap<>();
        s.metrics().get(0).samples().forEach(x -> attempts.put(x.labels(), x.value()));
        assertEquals(2.0, attempts.get(Map.of("action", "notify", "outcome", "succeeded")), attempts.toString());
        assertEquals(3.0, attempts.get(Map.of("action", "script", "outcome", "failed")), attempts.toString());
        assertEquals(3, s.metrics().get(1).histograms().stream().filter(h -> h.labels().get("action").equals("script")).findFirst().orElseThrow().count());
    }

    @Test
    void anAttemptThatTakesTooLongFailsOnItsTimeoutAndAHungBmcCallToo() throws Exception {
        put(new WorkflowTemplate("slow", "", List.of(new WorkflowStep("s", "script", null, Map.of("script", "sleep 999"), 30, 0, 0, null, null, null))));
        put(new WorkflowTemplate("hang", "", List.of(new WorkflowStep("p", "power-on", null, null, 1, 0, 0, null, null, null))));
        WorkflowService s = engine("a");
        cancelZtp(s);
        s.start("vm-1", "slow", "test");
        nextAction(s, "vm-1");
        advance(Duration.ofSeconds(31));
        await("timed out", () -> run(s, "vm-1").state() == RunState.FAILED);
        assertTrue(run(s, "vm-1").steps().get(0).message().contains("timed out after 30 s"), run(s, "vm-1").toString());
        assertEquals(ProvisioningState.ERROR, inventory.get(Instance.class, "vm-1").orElseThrow().value().current());

        powerBlocks = new CountDownLatch(1); // the BMC never answers
        long t0 = System.nanoTime();
        s.start("bmc-1", "hang", "test");
        await("hung call failed", () -> run(s, "bmc-1").state() == RunState.FAILED);
        assertTrue(run(s, "bmc-1").reason().contains("timed out after 1 s"), run(s, "bmc-1").reason());
        assertTrue(System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(10));
        powerBlocks.countDown();
    }

    @Test
    void aFailedGateQuarantinesTheHostUntilAnOperatorReleasesIt() throws Exception {
        put(new WorkflowTemplate("gated", "", List.of(step(null, "wait-onboarded", null, 0, 0, null, null, null),
                step("big", "check", null, 0, 0, null, null, List.of("memory >= 64GiB", "pci has 10de:*")),
                step(null, "notify", Map.of("message", "passed"), 0, 0, null, null, null))));
        facts("bmc-1", Map.of("memory.bytes", Long.toString(2L << 30), "pci", "10de:2330@0000:3b:00.0"));
        WorkflowService s = engine("a");
        s.start("bmc-1", "gated", "test");
        s.hostEvent("bmc-1", "onboarded", "");
        await("quarantined", () -> run(s, "bmc-1").state() == RunState.QUARANTINED);
        assertTrue(run(s, "bmc-1").reason().contains("memory >= 64GiB: the host has 2 GiB"), run(s, "bmc-1").reason());
        assertEquals(OnboardingState.QUARANTINED, inventory.host("bmc-1").orElseThrow().currentState());
        assertTrue(events.types("bmc-1").contains("quarantined"));
        // through its BMC it is network-booted at once, into what kiln-boot gives a quarantined host
        await("quarantine boot", () -> events.types("bmc-1").contains("quarantine-boot"));
        String boot = events.details("bmc-1", "quarantine-boot").get(0);
        assertTrue(boot.contains("for the next boot") && boot.contains("power cycle"), boot);
        assertEquals(1, powerCalls.get());
        assertEquals("wait", s.next("bmc-1").type());
        assertThrows(KilnException.class, () -> s.release("vm-1", false, "op"), "vm-1 is not quarantined");

        s.release("bmc-1", false, "op");
        assertEquals(OnboardingState.REGISTERED, inventory.host("bmc-1").orElseThrow().currentState(), "it must onboard again");
        assertEquals(0, run(s, "bmc-1").current(), "back to the wait for onboarding");
        facts("bmc-1", Map.of("memory.bytes", Long.toString(128L << 30), "pci", "10de:2330@0000:3b:00.0"));
        s.hostEvent("bmc-1", "onboarded", "");
        await("succeeded", () -> run(s, "bmc-1").state() == RunState.SUCCEEDED);
        assertEquals(List.of("passed"), events.details("bmc-1", "notify"));
    }

    @Test
    void aHostWhoseQuarantiningRunWasCancelledIsReleasedAllTheSame() throws Exception {
        put(new WorkflowTemplate("gated", "", List.of(step(null, "wait-onboarded", null, 0, 0, null, null, null),
                step("big", "check", null, 0, 0, null, null, List.of("memory >= 64GiB")))));
        facts("bmc-1", Map.of("memory.bytes", Long.toString(2L << 30)));
        WorkflowService s = engine("a");
        s.start("bmc-1", "gated", "test");
        s.hostEvent("bmc-1", "onboarded", "");
        await("quarantined", () -> run(s, "bmc-1").state() == RunState.QUARANTINED);
        s.cancel("bmc-1", "op");
        assertEquals(OnboardingState.QUARANTINED, inventory.host("bmc-1").orElseThrow().currentState(), "cancelling leaves the host as it is");
        // release is the one way out of quarantine (an operator cannot set the state by hand): it must not need the run
        assertEquals(RunState.CANCELLED, s.release("bmc-1", false, "op").state());
        assertEquals(OnboardingState.REGISTERED, inventory.host("bmc-1").orElseThrow().currentState());
        assertTrue(events.details("bmc-1", "released").get(0).contains("its workflow gated had ended (CANCELLED)"), events.details("bmc-1", "released").toString());
        assertThrows(KilnException.class, () -> s.release("bmc-1", false, "op"), "not quarantined any more");
    }

    @Test
    void afterACrashAnIdempotentStepRunsAgainAndAnotherOneStopsTheRunInDoubt() throws Exception {
        put(new WorkflowTemplate("cycle", "", List.of(new WorkflowStep("c", "power-cycle", null, null, 600, 0, 0, null, null, null),
                step(null, "notify", Map.of("message", "after"), 0, 0, null, null, null))));
        put(new WorkflowTemplate("on", "", List.of(new WorkflowStep("p", "power-on", null, null, 600, 0, 0, null, null, null))));
        powerBlocks = new CountDownLatch(1);
        WorkflowService a = engine("a");
        a.start("bmc-1", "cycle", "test");
        await("the power call", () -> powerCalls.get() == 1);
        a.deactivate(); // the JVM dies while the BMC call runs: the step is RUNNING in the store
        services.remove(a);
        powerBlocks.countDown();
        assertEquals(StepState.RUNNING, run(a, "bmc-1").steps().get(0).state());

        WorkflowService b = engine("a"); // the same appliance, restarted
        await("in doubt", () -> run(b, "bmc-1").state() == RunState.FAILED);
        assertTrue(run(b, "bmc-1").reason().contains("may have run: it is not run twice"), run(b, "bmc-1").reason());
        assertEquals(1, powerCalls.get(), "a power-cycle that may have run is never run twice");

        powerBlocks = new CountDownLatch(1);
        b.start("bmc-1", "on", "test");
        await("the second power call", () -> powerCalls.get() == 2);
        b.deactivate();
        services.remove(b);
        powerBlocks.countDown();
        WorkflowService c = engine("a");
        await("ran again", () -> run(c, "bmc-1").state() == RunState.SUCCEEDED);
        assertEquals(3, powerCalls.get(), "power-on is idempotent: run again after the restart");
        assertTrue(events.types("bmc-1").contains("step-resumed"));
    }

    /**
     * Kiln recorded a script as handed out, then was killed before the answer went out (bench/fleet --kill-at): the
     * agent, which says it received only the action before, gets the script again; an agent that says it received
     * the script itself, or says nothing, finds it in doubt.
     */
    @Test
    void aNonIdempotentActionWhoseAnswerWasLostIsHandedOutAgainOnlyToAnAgentThatNeverReceivedIt() throws Exception {
        put(new WorkflowTemplate("agent2", "", List.of(step("one", "script", Map.of("script", "true"), 0, 0, null, null, null),
                step("two", "script", Map.of("script", "true"), 0, 0, null, null, null))));
        WorkflowService a = engine("a");
        cancelZtp(a);
        a.start("vm-1", "agent2", "test");
        AgentAction first = nextAction(a, "vm-1");
        a.result("vm-1", first.id(), true, "ok", Map.of());
        await("the second script", () -> {
            AgentAction n = a.next("vm-1", first.id());
            return n.type().equals("script") && !n.id().equals(first.id());
        });
        AgentAction lost = a.next("vm-1", first.id()); // the answer that never reached the agent, and the one that does
        assertEquals("script", lost.type(), "never received: handed out again");
        assertEquals("wait", a.next("vm-1", lost.id()).type(), "received, asked for again: not sent twice");
        await("in doubt", () -> run(a, "vm-1").state() == RunState.FAILED);
        assertTrue(run(a, "vm-1").reason().contains("asked for it again"), run(a, "vm-1").reason());
    }

    @Test
    void anAgentActionHandedOutBeforeARestartIsReportedToTheNewEngine() throws Exception {
        put(new WorkflowTemplate("agent", "", List.of(step(null, "script", Map.of("script", "true"), 0, 0, null, null, null),
                step(null, "notify", Map.of("message", "after"), 0, 0, null, null, null))));
        WorkflowService a = engine("a");
        cancelZtp(a);
        a.start("vm-1", "agent", "test");
        AgentAction x = nextAction(a, "vm-1");
        a.deactivate();
        services.remove(a);
        WorkflowService b = engine("a");
        assertEquals("wait", b.next("vm-1").type(), "a script is not idempotent: asked for again, it is not sent twice");
        await("in doubt", () -> run(b, "vm-1").state() == RunState.FAILED);
        assertTrue(run(b, "vm-1").reason().contains("asked for it again"), run(b, "vm-1").reason());

        b.start("vm-1", "agent", "test");
        AgentAction y = nextAction(b, "vm-1");
        b.deactivate();
        services.remove(b);
        WorkflowService c = engine("a");
        c.result("vm-1", y.id(), true, "ok", Map.of()); // the agent kept running it and reports to the restarted engine
        await("succeeded", () -> run(c, "vm-1").state() == RunState.SUCCEEDED);
        assertTrue(!x.id().equals(y.id()));
    }

    @Test
    void anotherApplianceTakesTheRunsOverWhenTheOwnersLeaseLapses() throws Exception {
        put(new WorkflowTemplate("approval", "", List.of(step(null, "wait-approval", null, 0, 0, null, null, null),
                step(null, "notify", Map.of("message", "approved"), 0, 0, null, null, null))));
        WorkflowService a = engine("a");
        WorkflowService b = engine("b");
        a.start("bmc-1", "approval", "test");
        await("waiting", () -> run(a, "bmc-1").steps().get(0).state() == StepState.RUNNING);
        a.deactivate(); // appliance a dies
        services.remove(a);
        b.approve("bmc-1", "op");
        Thread.sleep(500);
        assertEquals("a", run(b, "bmc-1").owner(), "not before a's lease lapsed");
        assertEquals(RunState.RUNNING, run(b, "bmc-1").state());
        clock.advance(Duration.ofSeconds(31));
        b.engine().housekeeping();
        await("taken over and done", () -> run(b, "bmc-1").state() == RunState.SUCCEEDED);
        assertEquals("b", run(b, "bmc-1").owner());
        assertTrue(events.types("bmc-1").contains("run-taken-over"));
    }

    @Test
    void aDetachedHostRunsNoWorkflowUntilItIsAttachedAgainAsItIs() throws Exception {
        WorkflowService s = engine("a");
        await("the ZTP run of vm-1", () -> s.run("vm-1").isPresent());
        WorkflowRun d = s.detach("vm-1", "op");
        assertEquals(RunState.DETACHED, d.state());
        assertTrue(d.reason().contains("its ztp run was cancelled"), d.reason());
        assertEquals("done", s.next("vm-1").type());
        assertTrue(s.bootsFromDisk("vm-1").contains("detached"));
        assertEquals(KilnException.Kind.CONFLICT, assertThrows(KilnException.class, () -> s.start("vm-1", "ztp", "op")).kind());
        s.hostEvent("vm-1", "onboarded", "");
        Thread.sleep(300);
        assertEquals(RunState.DETACHED, run(s, "vm-1").state(), "onboarding starts nothing for a detached host");

        s.attach("vm-1", "op");
        await("attached", () -> run(s, "vm-1").state() == RunState.SUCCEEDED);
        assertEquals("attach", run(s, "vm-1").template());
        assertEquals(StepState.SKIPPED, run(s, "vm-1").steps().get(0).state(), "no BMC to inspect");
        assertEquals(ProvisioningState.RUNNING, inventory.get(Instance.class, "vm-1").orElseThrow().value().current(), "adopted as it runs");
    }

    /** A host deleted while its run waits: the run is cancelled, not carried on against a host that is gone. */
    @Test
    void aRunOfADeletedHostIsCancelledNotCarriedOn() throws Exception {
        WorkflowService s = engine("a");
        await("the ZTP run of vm-1", () -> s.run("vm-1").isPresent() && run(s, "vm-1").state() == RunState.RUNNING);
        inventory.delete(Host.class, "vm-1", io.kiln.api.inventory.Inventory.ANY_VERSION);
        s.engine().wake("vm-1");
        // the run of a host that is gone, as the engine keeps it (WorkflowService.run answers 404 for the host)
        await("the run cancelled", () -> s.engine().runOf("vm-1").orElseThrow().state() == RunState.CANCELLED);
        String reason = s.engine().runOf("vm-1").orElseThrow().reason();
        assertTrue(reason.contains("removed from the inventory"), reason);
        assertTrue(events.types("vm-1").contains("run-cancelled"), events.types("vm-1").toString());
        assertTrue(!events.types("vm-1").contains("run-failed"), "nothing failed: " + events.types("vm-1"));
    }

    @Test
    void aRolloutGoesBatchByBatchAndStopsWhenItsFailureBudgetIsSpent() throws Exception {
        put(new WorkflowTemplate("flaky", "", List.of(new WorkflowStep("s", "script", null, Map.of("script", "${fw}"), 0, 0, 0, null, null, null))));
        for (int i = 1; i <= 5; i++) inventory.addHost(Host.builder("n" + i).macs(List.of("52:54:00:0d:00:0" + i)).build());
        WorkflowService s = engine("a");
        var r = s.startRollout("fw-1", "flaky", List.of("n1", "n2", "n3", "n4", "n5"), 2, 1, Map.of("fw", "flash v2"), "op");
        assertEquals(2, r.started(), "the first batch");
        AgentAction a1 = nextAction(s, "n1");
        assertEquals("flash v2", a1.parameters().get("script"), "the rollout's own variable");
        assertEquals("wait", s.next("n3").type(), "n3 is in the next batch");
        s.result("n1", a1.id(), true, "ok", Map.of());
        s.result("n2", nextAction(s, "n2").id(), false, "bricked", Map.of());
        await("first batch ended", () -> run(s, "n2").state() == RunState.FAILED && run(s, "n1").state() == RunState.SUCCEEDED);
        s.engine().housekeeping();
        assertEquals(4, s.rollouts().get(0).started(), "one failure is within the budget: the second batch starts: " + s.rollouts());
        s.result("n3", nextAction(s, "n3").id(), false, "bricked", Map.of());
        s.result("n4", nextAction(s, "n4").id(), true, "ok", Map.of());
        await("second batch ended", () -> run(s, "n3").state() == RunState.FAILED && run(s, "n4").state() == RunState.SUCCEEDED);
        s.engine().housekeeping();
        var stopped = s.rollouts().get(0);
        assertEquals("STOPPED", stopped.state());
        assertEquals(List.of("n1", "n4"), stopped.succeeded());
        assertEquals(java.util.Set.of("n2", "n3"), stopped.failed().keySet());
        assertTrue(stopped.reason().contains("more than the failure budget of 1"), stopped.reason());
        assertTrue(s.run("n5").isEmpty(), "no batch after the budget is spent");
        assertEquals(KilnException.Kind.CONFLICT, assertThrows(KilnException.class,
                () -> s.startRollout("fw-2", "flaky", List.of("n5", "vm-1"), 1, 0, Map.of(), "op")).kind(), "vm-1 runs its ZTP workflow");
    }

    @Test
    void templatesAreCheckedBeforeTheyRun() {
        WorkflowService s = engine("a");
        WorkflowTemplate bad = new WorkflowTemplate("bad", "", List.of(new WorkflowStep(null, "frobnicate", null, null, 0, 0, 0, null, null, null),
                new WorkflowStep(null, "image", "appliance", null, 0, 0, 0, null, null, List.of("memory > lots"))));
        List<String> problems = s.check(bad);
        assertEquals(3, problems.size(), problems.toString());
        put(bad);
        KilnException e = assertThrows(KilnException.class, () -> s.start("vm-1", "bad", "test"));
        assertTrue(e.getMessage().contains("unknown action type 'frobnicate'"), e.getMessage());
        assertEquals(KilnException.Kind.NOT_FOUND, assertThrows(KilnException.class, () -> s.start("vm-1", "nope", "t")).kind());
        for (WorkflowTemplate t : BuiltInTemplates.all()) assertEquals(List.of(), s.check(t), t.name());
        assertTrue(s.templates().stream().anyMatch(t -> t.name().equals("bad")));
        assertEquals(EntityKind.WORKFLOW, EntityKind.parse("workflows"));
    }

    @Test
    void aBuiltInTemplateIsBuiltInUntilTheInventoryHasOneOfItsName() {
        WorkflowService s = engine("a");
        for (String name : WorkflowTemplate.BUILT_IN) assertTrue(s.isBuiltIn(name), name);
        assertEquals(WorkflowTemplate.BUILT_IN, s.templates().stream().map(WorkflowTemplate::name).collect(java.util.stream.Collectors.toSet()),
                "every built-in template is one a run can start from");
        put(new WorkflowTemplate("firmware-refresh", "ours", List.of(WorkflowStep.of("notify"))));
        put(new WorkflowTemplate("gpu-node", "", List.of(WorkflowStep.of("notify"))));
        assertTrue(!s.isBuiltIn("firmware-refresh") && !s.isBuiltIn("gpu-node") && !s.isBuiltIn("nope") && s.isBuiltIn("ztp"));
    }

    void facts(String host, Map<String, String> facts) {
        var v = inventory.hostStatus(host).orElseThrow();
        inventory.saveStatus(new HostStatus(host, v.value().currentState(), facts), v.version());
    }

    HardwareService hardware() {
        return (HardwareService) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[]{HardwareService.class}, (p, m, args) -> {
            if (m.getName().equals("power") || m.getName().equals("powerState")) {
                if (m.getName().equals("power")) powerCalls.incrementAndGet();
                powerBlocks.await();
                return new PowerReading((String) args[0], "fake", "On");
            }
            if (m.getName().equals("setBootDevice")) {
                return new io.kiln.api.hardware.BootSetting((String) args[0], "fake", String.valueOf(args[1]).toLowerCase(), null, (Boolean) args[3], null);
            }
            throw new UnsupportedOperationException(m.getName());
        });
    }

    static ProvisioningFiles files() {
        return new ProvisioningFiles() {
            public List<FileCheck> check(String host) {
                throw new UnsupportedOperationException();
            }

            public FileWarnings afterWrite(EntityKind kind, String name, int maxHosts) {
                throw new UnsupportedOperationException();
            }

            public RenderedFile render(String path, String kilnUrl) {
                return new RenderedFile("cloud-init/x", "text/plain", "rendered " + path + " with " + kilnUrl + "\n");
            }
        };
    }

    static final class RecordingEvents implements HostEvents {
        final List<HostEvent> all = Collections.synchronizedList(new ArrayList<>());

        public void record(String host, EventSource source, String type, String detail) {
            all.add(new HostEvent(all.size() + 1, host, Instant.now(), source, type, detail));
        }

        public List<HostEvent> events(String host, long afterId, int limit) {
            return all.stream().filter(e -> e.host().equals(host)).toList();
        }

        public List<HostEvent> recent(long afterId, int limit) {
            return List.copyOf(all);
        }

        List<String> types(String host) {
            synchronized (all) {
                return all.stream().filter(e -> e.host().equals(host)).map(HostEvent::type).toList();
            }
        }

        List<String> details(String host, String type) {
            synchronized (all) {
                return all.stream().filter(e -> e.host().equals(host) && e.type().equals(type)).map(HostEvent::detail).toList();
            }
        }
    }

    static final class TestClock extends Clock {
        private volatile Instant now = Instant.now();

        void advance(Duration d) {
            now = now.plus(d);
        }

        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        public Clock withZone(ZoneId zone) {
            return this;
        }

        public Instant instant() {
            return now;
        }
    }
}
