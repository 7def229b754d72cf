package io.kiln.web.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kiln.api.KilnException;
import io.kiln.api.fleet.HostAction;
import io.kiln.api.hardware.HardwareService;
import io.kiln.api.hardware.InterfaceChoice;
import io.kiln.api.hardware.PluginExplanation;
import io.kiln.api.inventory.Bmc;
import io.kiln.api.inventory.Host;
import io.kiln.api.inventory.OnboardingState;
import io.kiln.api.onboarding.Onboarding;
import io.kiln.api.onboarding.PendingMachine;
import io.kiln.api.workflow.RunState;
import io.kiln.api.workflow.WorkflowRun;
import io.kiln.api.workflow.Workflows;
import java.lang.reflect.Proxy;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class HostActionsImplTest {
    static final Instant T = Instant.parse("2026-12-07T12:00:00Z");

    @SuppressWarnings("unchecked")
    static <T> T fake(Class<T> type, Map<String, Object> answers) {
        return (T) Proxy.newProxyInstance(HostActionsImplTest.class.getClassLoader(), new Class<?>[] {type}, (p, m, a) -> {
            if (!answers.containsKey(m.getName())) throw new UnsupportedOperationException(m.getName());
            Object v = answers.get(m.getName());
            if (v instanceof RuntimeException e) throw e;
            return v;
        });
    }

    static Workflows runs(RunState state) {
        WorkflowRun r = state == null ? null : new WorkflowRun("edge-1", "r1", "ztp", 0, state, 0, List.of(), T, T, "", "a", "kiln");
        return fake(Workflows.class, Map.of("run", Optional.ofNullable(r)));
    }

    static HardwareService plugins(InterfaceChoice... choices) {
        return fake(HardwareService.class, Map.of("explain", new PluginExplanation("edge-1", "https://10.0.0.9", null, List.of(), List.of(choices))));
    }

    static Map<String, HostAction> byName(List<HostAction> list) {
        return list.stream().collect(Collectors.toMap(HostAction::action, a -> a));
    }

    FakeInventory inventory(OnboardingState state, boolean bmc) {
        FakeInventory inv = new FakeInventory();
        inv.addHost(Host.builder("edge-1").macs(List.of("52:54:00:00:00:01")).currentState(state)
                .bmc(bmc ? new Bmc("https://10.0.0.9", null, "bmc-1") : null).build());
        return inv;
    }

    @Test
    void aHostWithoutABmcAndNothingPendingCanBeReprovisionedNotPowered() {
        Onboarding none = fake(Onboarding.class, Map.of("pending", List.of()));
        Map<String, HostAction> a = byName(new HostActionsImpl(inventory(OnboardingState.ONBOARDED, false), runs(RunState.SUCCEEDED), plugins(), none).actions("edge-1"));
        assertEquals(List.of("approve", "reject", "reprovision", "deprovision", "cancel", "release", "detach", "attach", "power-on", "power-off", "power-cycle",
                "pxe-once"), new HostActionsImpl(inventory(OnboardingState.ONBOARDED, false), runs(null), plugins(), none).actions("edge-1").stream()
                .map(HostAction::action).toList());
        assertTrue(a.get("reprovision").available());
        assertEquals("/api/v1/workflow-runs/edge-1", a.get("reprovision").path());
        assertEquals(Map.of("template", "reprovision"), a.get("reprovision").body());
        assertNull(a.get("reprovision").reason());
        assertFalse(a.get("release").available());
        assertEquals("only a quarantined host is released (it is onboarded)", a.get("release").reason());
        assertFalse(a.get("cancel").available());
        assertEquals("no workflow runs (the last one, ztp, succeeded)", a.get("cancel").reason());
        assertFalse(a.get("power-on").available());
        assertEquals("the host has no BMC", a.get("power-on").reason());
        assertEquals("no machine waits to onboard as this host", a.get("approve").reason());
        assertNull(a.get("approve").path());
    }

    @Test
    void aQuarantinedHostIsReleasedNotReprovisioned() {
        Map<String, HostAction> a = byName(new HostActionsImpl(inventory(OnboardingState.QUARANTINED, false), runs(RunState.QUARANTINED), null, null)
                .actions("edge-1"));
        assertTrue(a.get("release").available());
        assertEquals("/api/v1/workflow-runs/edge-1/release", a.get("release").path());
        assertEquals("the host is quarantined: release it first", a.get("reprovision").reason());
        assertTrue(a.get("detach").available());
        assertEquals("workflow ztp is quarantined (cancel it first)", a.get("attach").reason());
        assertTrue(a.get("cancel").available(), "a quarantined run is cancelled too");
        assertTrue(a.get("approve").reason().startsWith("onboarding is not running"), a.get("approve").reason());
    }

    @Test
    void aDetachedHostIsAttachedFirst() {
        Map<String, HostAction> a = byName(new HostActionsImpl(inventory(OnboardingState.ONBOARDED, false), runs(RunState.DETACHED), null, null).actions("edge-1"));
        assertTrue(a.get("attach").available());
        assertEquals("the host is detached already", a.get("detach").reason());
        assertEquals("the host is detached: attach it first", a.get("deprovision").reason());
        assertEquals("the host is detached: no workflow runs", a.get("cancel").reason());
    }

    @Test
    void aRunningWorkflowIsCancelledNotReprovisioned() {
        Map<String, HostAction> a = byName(new HostActionsImpl(inventory(OnboardingState.ONBOARDING, false), runs(RunState.RUNNING), null, null)
                .actions("edge-1"));
        assertTrue(a.get("cancel").available());
        assertEquals("DELETE", a.get("cancel").method());
        assertEquals("/api/v1/workflow-runs/edge-1", a.get("cancel").path());
        assertNull(a.get("cancel").body());
        assertEquals("workflow ztp is running (cancel it first)", a.get("reprovision").reason());
        assertEquals("the host has never run a workflow",
                byName(new HostActionsImpl(inventory(OnboardingState.REGISTERED, false), runs(null), null, null).actions("edge-1")).get("cancel").reason());
    }

    @Test
    void powerAndPxeFollowWhatThePluginsOfItsBmcCanDo() {
        HardwareService hw = plugins(new InterfaceChoice("power", "redfish", "claims the BMC", List.of(), List.of()),
                new InterfaceChoice("boot", null, "no deployed plugin implements boot", List.of(), List.of()));
        Map<String, HostAction> a = byName(new HostActionsImpl(inventory(OnboardingState.ONBOARDED, true), runs(null), hw, null).actions("edge-1"));
        assertTrue(a.get("power-cycle").available());
        assertEquals("/api/v1/hosts/edge-1/power", a.get("power-cycle").path());
        assertEquals(Map.of("action", "cycle"), a.get("power-cycle").body());
        assertFalse(a.get("pxe-once").available());
        assertEquals("no plugin of this host's BMC supports a one-time boot device: no deployed plugin implements boot", a.get("pxe-once").reason());
        HardwareService refusing = plugins(new InterfaceChoice("power", "redfish", "claims", List.of(), List.of("redfish.tlsSha256 is missing")));
        assertEquals("plugin redfish refuses the host's settings: redfish.tlsSha256 is missing",
                byName(new HostActionsImpl(inventory(OnboardingState.ONBOARDED, true), runs(null), refusing, null).actions("edge-1")).get("power-on").reason());
    }

    @Test
    void aMachineWaitingAsTheHostCanBeApprovedOrRejected() {
        PendingMachine m = new PendingMachine("m-1", null, null, List.of("52:54:00:00:00:01"), Map.of(), "10.0.0.5", "non-ZTP", null, List.of(),
                PendingMachine.State.PENDING, null, T, T);
        Map<String, HostAction> a = byName(new HostActionsImpl(inventory(OnboardingState.REGISTERED, false), null, null,
                fake(Onboarding.class, Map.of("pending", List.of(m)))).actions("edge-1"));
        assertTrue(a.get("approve").available());
        assertEquals("/api/v1/pending/m-1/approve", a.get("approve").path());
        assertEquals(Map.of("host", "edge-1"), a.get("approve").body());
        assertEquals("/api/v1/pending/m-1/reject", a.get("reject").path());
        assertThrows(KilnException.class, () -> new HostActionsImpl(new FakeInventory(), null, null, null).actions("nobody"));
    }
}
