package io.kiln.web.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kiln.api.status.ApplianceStatus;
import io.kiln.api.status.SubsystemStatus;
import io.kiln.api.status.SubsystemStatus.State;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;
import org.osgi.service.component.runtime.dto.ReferenceDTO;
import org.osgi.service.component.runtime.dto.UnsatisfiedReferenceDTO;

/** A subsystem's state and its one-line reason from what the Service Component Runtime reports of its components. */
class ComponentStatesTest {

    static ComponentDescriptionDTO description(String name, String... references) {
        ComponentDescriptionDTO d = new ComponentDescriptionDTO();
        d.name = name;
        d.references = new ReferenceDTO[references.length];
        for (int i = 0; i < references.length; i++) {
            ReferenceDTO r = new ReferenceDTO();
            r.name = "ref" + i;
            r.interfaceName = references[i];
            d.references[i] = r;
        }
        return d;
    }

    static ComponentConfigurationDTO config(int state, String failure, String... unsatisfied) {
        ComponentConfigurationDTO c = new ComponentConfigurationDTO();
        c.state = state;
        c.failure = failure;
        c.unsatisfiedReferences = new UnsatisfiedReferenceDTO[unsatisfied.length];
        for (int i = 0; i < unsatisfied.length; i++) {
            UnsatisfiedReferenceDTO u = new UnsatisfiedReferenceDTO();
            u.name = unsatisfied[i];
            c.unsatisfiedReferences[i] = u;
        }
        return c;
    }

    @Test
    void aSubsystemsOwnReportMakesItWorseNeverBetter() {
        ComponentStates.Verdict up = new ComponentStates.Verdict(State.UP, "");
        assertEquals(up, ComponentStates.worse(up, List.of(io.kiln.api.status.Health.up())));
        assertEquals(new ComponentStates.Verdict(State.DEGRADED, "retrying in 4 s"),
                ComponentStates.worse(up, List.of(io.kiln.api.status.Health.up(), io.kiln.api.status.Health.degraded("retrying in 4 s"))));
        ComponentStates.Verdict down = new ComponentStates.Verdict(State.DOWN, "A: failed to start: bad");
        assertEquals(new ComponentStates.Verdict(State.DOWN, "A: failed to start: bad; port 8080 taken"),
                ComponentStates.worse(down, List.of(io.kiln.api.status.Health.degraded("port 8080 taken"))));
        // up with words (turned off on purpose): still up, and the words are shown
        io.kiln.api.status.Health off = new io.kiln.api.status.Health(State.UP, "disabled (enabled = false in etc/io.kiln.dhcp.cfg)");
        assertEquals(new ComponentStates.Verdict(State.UP, "disabled (enabled = false in etc/io.kiln.dhcp.cfg)"), ComponentStates.worse(up, List.of(off)));
    }

    @Test
    void everyComponentRunningIsUp() {
        Map<ComponentDescriptionDTO, List<ComponentConfigurationDTO>> m = new LinkedHashMap<>();
        m.put(description("io.kiln.a.A"), List.of(config(ComponentConfigurationDTO.ACTIVE, null)));
        m.put(description("io.kiln.a.B"), List.of(config(ComponentConfigurationDTO.SATISFIED, null)));
        assertEquals(new ComponentStates.Verdict(State.UP, ""), ComponentStates.of(m));
    }

    @Test
    void aFailedStartIsItsDeepestCauseInOneLine() {
        String trace = "org.osgi.service.component.ComponentException: Error in component activation\n"
                + "\tat org.apache.felix.scr.impl.Foo.bar(Foo.java:1)\n"
                + "Caused by: java.lang.IllegalArgumentException: etc/io.kiln.tftp.cfg: port = 'abc': use 1..65535\n"
                + "\tat io.kiln.tftp.internal.TftpSettings.port(TftpSettings.java:9)\n";
        Map<ComponentDescriptionDTO, List<ComponentConfigurationDTO>> m = new LinkedHashMap<>();
        m.put(description("io.kiln.tftp.internal.TftpServiceImpl"), List.of(config(ComponentConfigurationDTO.FAILED_ACTIVATION, trace)));
        ComponentStates.Verdict v = ComponentStates.of(m);
        assertEquals(State.DOWN, v.state());
        assertEquals("TftpServiceImpl: failed to start: etc/io.kiln.tftp.cfg: port = 'abc': use 1..65535", v.reason());
    }

    @Test
    void someRunningIsDegradedAndAWaitNamesTheMissingService() {
        Map<ComponentDescriptionDTO, List<ComponentConfigurationDTO>> m = new LinkedHashMap<>();
        m.put(description("io.kiln.boot.internal.ArtifactServlet"), List.of(config(ComponentConfigurationDTO.ACTIVE, null)));
        m.put(description("io.kiln.boot.internal.IpxeScriptServlet", "io.kiln.api.inventory.Inventory"),
                List.of(config(ComponentConfigurationDTO.UNSATISFIED_REFERENCE, null, "ref0")));
        m.put(description("io.kiln.boot.internal.X"), List.of());
        ComponentStates.Verdict v = ComponentStates.of(m);
        assertEquals(State.DEGRADED, v.state());
        assertEquals("IpxeScriptServlet: waits for Inventory (not running); X: not created", v.reason());
    }

    @Test
    void healthSaysStatesOnlyAndIsNotReadyWithoutItsCore() {
        Instant t = Instant.parse("2026-12-07T00:00:00Z");
        List<SubsystemStatus> subs = List.of(new SubsystemStatus("store", State.DOWN, "cannot reach jdbc:postgresql://db/kiln", t),
                new SubsystemStatus("tftp", State.UP, "", t));
        Map<String, Object> body = HealthServlet.body(new ApplianceStatus("0.1.0", t, Duration.ofMinutes(5), false, subs));
        assertEquals("DOWN", body.get("status"));
        assertEquals(false, body.get("ready"));
        assertEquals(Map.of("store", "DOWN", "tftp", "UP"), body.get("subsystems"));
        assertFalse(body.toString().contains("jdbc"), "no reasons (they may name hosts and URLs) without credentials: " + body);
        ApplianceStatus degraded = new ApplianceStatus("0.1.0", t, Duration.ZERO, true, List.of(new SubsystemStatus("tftp", State.DOWN, "x", t)));
        assertEquals(State.DEGRADED, degraded.overall(), "ready, with a subsystem down");
        assertTrue(HealthServlet.body(null).get("status").equals("DOWN"));
    }
}
