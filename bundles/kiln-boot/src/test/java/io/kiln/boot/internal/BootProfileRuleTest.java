package io.kiln.boot.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kiln.api.boot.BootAction;
import io.kiln.api.boot.BootDecision;
import io.kiln.api.inventory.BootProfile;
import io.kiln.api.inventory.Host;
import io.kiln.api.inventory.HostStatus;
import io.kiln.api.inventory.OnboardingState;
import io.kiln.api.inventory.InstallMethod;
import io.kiln.api.inventory.Instance;
import io.kiln.api.inventory.ProvisioningMode;
import io.kiln.api.inventory.ProvisioningState;
import io.kiln.api.inventory.Role;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.eclipse.jetty.servlet.ServletContextHandler;
import org.eclipse.jetty.servlet.ServletHolder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What a host boots now: its instance's profile, else its own, else its role's -- the same answer from the DHCP
 * decision ({@code kiln:boot-explain}) and from the iPXE script, for each way the two used to disagree.
 */
class BootProfileRuleTest {
    static final String W1 = "52:54:00:60:00:01";
    final MemoryInventory inventory = new MemoryInventory()
            .with(new BootProfile("microos", "microos/linux", List.of("microos/initrd"), "console=ttyS0", ""))
            .with(new BootProfile("other", "other/linux", List.of("other/initrd"), "console=ttyS1", ""))
            .with(new BootProfile("ubuntu", "ubuntu/linux", List.of("ubuntu/initrd"), "autoinstall", "", null, InstallMethod.AUTOINSTALL, null))
            .with(new Role("worker", null, "microos", List.of(), null, Map.of()));
    LoopbackJetty server;

    @AfterEach
    void stop() throws Exception {
        if (server != null) server.stop();
    }

    static Host host(String profile, String role, ProvisioningMode mode) {
        return new Host("w1", List.of(W1), null, null, profile, null, null, Map.of(), null, role, null, null, null, mode, null, null);
    }

    BootDecision explain() {
        return explain(Map.of());
    }

    BootDecision explain(Map<String, String> bootCfg) {
        return BootAdvisorImplTest.advisor(inventory, new java.util.HashMap<String, Object>(bootCfg)).decide(BootAdvisorImplTest.ipxe(W1, 7));
    }

    String script() throws Exception {
        return script(Map.of());
    }

    String script(Map<String, String> bootCfg) throws Exception {
        server = new LoopbackJetty();
        ServletContextHandler ctx = server.context;
        ctx.addServlet(new ServletHolder(new IpxeScriptServlet(inventory, bootCfg)), "/boot/ipxe");
        server.start();
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(server.base() + "/boot/ipxe?mac=" + W1)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r.body());
        return r.body();
    }

    void assertBoots(String profile, String kernel, String why) throws Exception {
        BootDecision d = explain();
        assertEquals(BootAction.IPXE_SCRIPT, d.action(), d.reasons()::toString);
        assertEquals(profile, d.profile(), d.reasons()::toString);
        assertTrue(d.reasons().stream().anyMatch(r -> r.contains(why)), () -> "no '" + why + "' in " + d.reasons());
        String s = script();
        assertTrue(s.contains("kernel ") && s.contains("/" + kernel), s);
    }

    @Test
    void aHostWithOnlyARoleBootsTheRolesProfile() throws Exception {
        inventory.with(host(null, "worker", null));
        assertBoots("microos", "microos/linux", "profile 'microos' from role 'worker'");
    }

    @Test
    void aNonZtpHostWithARoleBootsItsInstancesProfileOnceAdded() throws Exception {
        inventory.with(host(null, "worker", ProvisioningMode.NON_ZTP)).with(new Instance("w1", "other", null, null));
        assertBoots("other", "other/linux", "profile 'other' from its instance");
    }

    @Test
    void anInstancesProfileBeatsTheHostsOwn() throws Exception {
        // an instance changed through PUT /api/v1/instances, or a ZTP host whose own profile changed in GitOps
        inventory.with(host("ubuntu", null, null)).with(new Instance("w1", "other", ProvisioningState.RUNNING, null));
        assertBoots("other", "other/linux", "profile 'other' from its instance");
    }

    @Test
    void nothingToBootIsExplainedTheSameWayByBoth() throws Exception {
        inventory.with(new Role("bare", null, null, List.of(), null, Map.of())).with(host(null, "bare", null));
        BootDecision d = explain();
        assertEquals(BootAction.IGNORE, d.action());
        String reason = "no boot profile: no instance, none of its own, role 'bare' has none";
        assertTrue(d.reasons().stream().anyMatch(r -> r.contains(reason)), d.reasons()::toString);
        String s = script();
        assertTrue(s.contains("exit") && s.contains(reason), s);
    }

    @Test
    void anOnHoldInstanceNamesTheCommandThatReallyReleasesIt() throws Exception {
        inventory.with(host("ubuntu", null, ProvisioningMode.NON_ZTP)).with(new Instance("w1", "ubuntu", ProvisioningState.PENDING, null));
        BootDecision d = explain();
        assertTrue(d.reasons().stream().anyMatch(r -> r.contains("kiln:instance-add --replace --profile ubuntu w1")), d.reasons()::toString);
    }

    @Test
    void aQuarantinedHostIsHeldInIpxeUntilReleasedAndBootExplainSaysSo() throws Exception {
        inventory.with(host("microos", null, null));
        inventory.statuses.put("w1", new HostStatus("w1", OnboardingState.QUARANTINED, Map.of()));
        BootDecision d = explain();
        assertEquals(BootAction.IPXE_SCRIPT, d.action(), d.reasons()::toString); // into iPXE, whose script holds it
        assertTrue(d.reasons().stream().anyMatch(r -> r.contains("QUARANTINED") && r.contains("iPXE holds it") && r.contains("kiln:host-release w1")),
                d.reasons()::toString);
        String s = script();
        assertTrue(s.contains("sleep 60") && s.contains("chain --replace") && s.contains("/boot/ipxe?mac=${net0/mac}")
                && s.contains("kiln:host-release w1"), s);
        assertTrue(!s.contains("kernel ") && !s.contains("exit"), "neither its profile nor its disk: " + s);
        server.stop();
        server = null;

        inventory.statuses.put("w1", new HostStatus("w1", OnboardingState.ONBOARDED, Map.of())); // released
        assertBoots("microos", "microos/linux", "profile 'microos'");
    }

    @Test
    void aQuarantineProfileIsBootedWhenOneIsConfigured() throws Exception {
        inventory.with(host("microos", null, null));
        inventory.statuses.put("w1", new HostStatus("w1", OnboardingState.QUARANTINED, Map.of()));
        BootDecision d = explain(Map.of("quarantineProfile", "other"));
        assertEquals("other", d.profile(), d.reasons()::toString);
        assertTrue(d.reasons().stream().anyMatch(r -> r.contains("quarantine profile 'other'")), d.reasons()::toString);
        String s = script(Map.of("quarantineProfile", "other"));
        assertTrue(s.contains("/other/linux") && s.contains("(quarantined)"), s);
    }
}
