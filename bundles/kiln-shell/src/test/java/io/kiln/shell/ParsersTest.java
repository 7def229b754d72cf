package io.kiln.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kiln.api.KilnException;
import io.kiln.api.inventory.ClusterMember;
import io.kiln.api.inventory.ClusterRole;
import io.kiln.api.inventory.ProvisioningMode;
import io.kiln.api.inventory.SiteNetwork;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The option syntaxes of the kiln:* commands. */
class ParsersTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"h1 | h1 | WORKER", "h1:control-plane | h1 | CONTROL_PLANE", "h1:CONTROL_PLANE | h1 | CONTROL_PLANE",
            "h1:Worker | h1 | WORKER"})
    void membersDefaultToWorker(String spec, String host, ClusterRole role) {
        assertEquals(List.of(new ClusterMember(host, role)), Members.parse(List.of(spec)));
    }

    @Test
    void aBadMemberRoleListsTheChoices() {
        KilnException e = assertThrows(KilnException.class, () -> Members.parse(List.of("h1:boss")));
        assertTrue(e.getMessage().contains("'boss'") && e.getMessage().contains("control-plane, worker"), e.getMessage());
        assertEquals("a:control-plane, b:worker", Members.show(Members.parse(List.of("a:control-plane", "b"))));
        assertEquals(List.of(), Members.parse(null));
    }

    @Test
    void networksCarryGatewayPoolsAndRelays() {
        List<SiteNetwork> n = Networks.parse(List.of("10.20.0.0/24,gateway=10.20.0.1,pool=10.20.0.100-10.20.0.199,pool=10.20.0.210-10.20.0.220",
                "10.30.0.0/24,relay=10.30.0.1"));
        assertEquals(new SiteNetwork("10.20.0.0/24", "10.20.0.1", List.of("10.20.0.100-10.20.0.199", "10.20.0.210-10.20.0.220"), List.of()), n.get(0));
        assertEquals(List.of("10.30.0.1"), n.get(1).relays());
        assertEquals("10.20.0.0/24 gw 10.20.0.1 pool 10.20.0.100-10.20.0.199 pool 10.20.0.210-10.20.0.220; 10.30.0.0/24 relay 10.30.0.1",
                Networks.show(n));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"10.20.0.0/24,gate=1.2.3.4 | 'gate=1.2.3.4'", "10.20.0.0 | not IPv4 CIDR",
            "10.20.0.0/24,pool=10.20.0.5 | FIRST-LAST"})
    void badNetworksSayWhy(String spec, String reason) {
        KilnException e = assertThrows(KilnException.class, () -> Networks.parse(List.of(spec)));
        assertTrue(e.getMessage().contains(reason), e.getMessage());
    }

    @Test
    void varsAndLabelsAreKeyValuePairs() {
        assertEquals(Map.of("ntp", "10.0.0.1", "motd", "a=b"), Vars.parse(List.of("ntp=10.0.0.1", "motd=a=b")));
        assertEquals(Map.of("kiln.io/zone", "a"), Vars.labels(List.of("kiln.io/zone=a")));
        assertTrue(assertThrows(KilnException.class, () -> Vars.parse(List.of("ntp"))).getMessage().contains("--var needs key=value"));
        assertTrue(assertThrows(KilnException.class, () -> Vars.parse(List.of("a=1", "a=2"))).getMessage().contains("twice"));
        assertTrue(assertThrows(KilnException.class, () -> Vars.labels(List.of("/x=1"))).getMessage().contains("--label"));
        assertEquals("a=1, b=2", Vars.show(new java.util.TreeMap<>(Map.of("b", "2", "a", "1"))));
        assertEquals("-", Vars.show(Map.of()));
    }

    @Test
    void enumsAcceptTheWaysOperatorsTypeThem() {
        assertEquals(ProvisioningMode.NON_ZTP, Enums.parse(ProvisioningMode.class, "non-ztp", "--mode"));
        assertNull(Enums.parse(ProvisioningMode.class, null, "--mode"));
        assertEquals("non-ztp", Enums.word(ProvisioningMode.NON_ZTP));
        assertTrue(assertThrows(KilnException.class, () -> Enums.parse(ProvisioningMode.class, "auto", "--mode")).getMessage()
                .contains("--mode 'auto' is not one of ztp, non-ztp"));
    }
}
