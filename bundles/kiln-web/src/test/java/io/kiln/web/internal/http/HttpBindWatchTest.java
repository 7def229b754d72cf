package io.kiln.web.internal.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kiln.api.status.SubsystemStatus.State;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The HTTP server watch: down with the port and the advice while another process holds it, one warning however
 * often it checks, backoff 1 s doubling to 30 s, a restart of pax-web's server once the port is free, and no probe
 * and no restart while the server serves or pax-web is still starting.
 */
class HttpBindWatchTest {
    static final HttpEndpoint HTTP = new HttpEndpoint("0.0.0.0", 8080, "org.osgi.service.http.port");
    static final List<HttpEndpoint> ENDPOINTS = List.of(HTTP);
    static final Instant T0 = Instant.parse("2026-12-07T10:00:00Z");

    /** A probe answering what the test sets per endpoint (free when not set), counting its calls. */
    static final class FakeProbe implements PortProbe {
        final Map<HttpEndpoint, BindOutcome> outcomes = new HashMap<>();
        final List<HttpEndpoint> calls = new ArrayList<>();

        @Override
        public BindOutcome probe(HttpEndpoint e) {
            calls.add(e);
            return outcomes.getOrDefault(e, BindOutcome.FREE);
        }
    }

    final FakeProbe probe = new FakeProbe();
    final HttpBindWatch watch = new HttpBindWatch(probe);

    /** Looks with the server not serving at {@code t} seconds after T0. */
    HttpBindWatch.Step downAt(long t) {
        return watch.look(T0.plusSeconds(t), false, true, ENDPOINTS);
    }

    @Test
    void aServingServerIsUpAndNeverProbedNorRestarted() {
        for (int t = 0; t < 100; t += 5) {
            HttpBindWatch.Step s = watch.look(T0.plusSeconds(t), true, true, ENDPOINTS);
            assertEquals(State.UP, s.health().state());
            assertFalse(s.restartServer());
            assertNull(s.warn());
            assertNull(s.info(), "nothing to say while all is well");
        }
        assertTrue(probe.calls.isEmpty(), "a serving server's port is never probed");
    }

    @Test
    void whilePaxWebIsStartingTheWatchWaitsWithoutProbing() {
        HttpBindWatch.Step s = downAt(0);
        assertEquals(State.DOWN, s.health().state());
        assertTrue(s.health().reason().contains("starting"), s.health().reason());
        assertEquals(Duration.ofSeconds(1), s.next());
        downAt(14);
        assertTrue(probe.calls.isEmpty(), "no probe may race pax-web's own bind");
        assertEquals(State.UP, watch.look(T0.plusSeconds(15), true, true, ENDPOINTS).health().state());
        assertTrue(probe.calls.isEmpty());
    }

    @Test
    void aTakenPortIsDownWithPortAndAdviceLoggedOnceWhileRetriesBackOffTo30Seconds() {
        probe.outcomes.put(HTTP, new BindOutcome(BindOutcome.Kind.IN_USE, ""));
        downAt(0);
        List<String> warnings = new ArrayList<>();
        List<Long> waits = new ArrayList<>();
        long t = 15;
        HttpBindWatch.Step s = null;
        for (int i = 0; i < 8; i++) {
            s = downAt(t);
            assertEquals(State.DOWN, s.health().state());
            assertFalse(s.restartServer(), "restarting cannot help while the port is taken");
            if (s.warn() != null) warnings.add(s.warn());
            waits.add(s.next().toSeconds());
            t += s.next().toSeconds();
        }
        assertEquals(List.of(1L, 2L, 4L, 8L, 16L, 30L, 30L, 30L), waits);
        assertEquals(1, warnings.size(), "one warning however often it retries: " + warnings);
        assertTrue(warnings.get(0).contains("port 8080 on 0.0.0.0 is in use by another process"), warnings.get(0));
        assertTrue(warnings.get(0).contains("change org.osgi.service.http.port in etc/org.ops4j.pax.web.cfg"), warnings.get(0));
        assertEquals("port 8080 on 0.0.0.0 is in use by another process (retrying every 30 s;"
                + " change org.osgi.service.http.port in etc/org.ops4j.pax.web.cfg)", s.health().reason());
        assertEquals(8, probe.calls.size());
    }

    @Test
    void onceTheTakenPortIsFreeTheServerIsRestartedOnceAndItsServingIsLogged() {
        probe.outcomes.put(HTTP, new BindOutcome(BindOutcome.Kind.IN_USE, ""));
        downAt(0);
        downAt(15);
        downAt(16);
        probe.outcomes.clear(); // the other process is gone
        HttpBindWatch.Step restart = downAt(18);
        assertTrue(restart.restartServer());
        assertNotNull(restart.info());
        assertEquals(State.DOWN, restart.health().state());
        int probes = probe.calls.size();
        HttpBindWatch.Step starting = downAt(19);
        assertFalse(starting.restartServer(), "pax-web gets its grace after a restart");
        assertEquals(probes, probe.calls.size(), "and no probe races its bind");
        HttpBindWatch.Step up = watch.look(T0.plusSeconds(20), true, true, ENDPOINTS);
        assertEquals(State.UP, up.health().state());
        assertTrue(up.info().contains("serving on 0.0.0.0:8080 again"), up.info());
    }

    @Test
    void aServerThatDoesNotServeOnAFreePortIsRestartedOnceThenOnlyReported() {
        downAt(0);
        HttpBindWatch.Step first = downAt(15); // e.g. the port was freed before the first probe
        assertTrue(first.restartServer());
        HttpBindWatch.Step after = downAt(30);
        assertFalse(after.restartServer(), "a restart that did not help is not repeated (e.g. a bad keystore)");
        assertTrue(after.health().reason().contains("not serving although 0.0.0.0:8080 can be bound"), after.health().reason());
        assertNotNull(after.warn());
        assertFalse(downAt(60).restartServer());
        assertNull(downAt(90).warn(), "logged once");
    }

    @Test
    void thePortTakenAgainAfterARestartEarnsAnotherRestartWhenFreed() {
        probe.outcomes.put(HTTP, new BindOutcome(BindOutcome.Kind.IN_USE, ""));
        downAt(0);
        downAt(15);
        probe.outcomes.clear();
        assertTrue(downAt(16).restartServer());
        probe.outcomes.put(HTTP, new BindOutcome(BindOutcome.Kind.IN_USE, "")); // taken again before pax-web bound it
        assertFalse(downAt(31).restartServer());
        probe.outcomes.clear();
        assertTrue(downAt(32).restartServer());
    }

    @Test
    void aChangedPortIsReportedAndWarnedAboutAnew() {
        HttpEndpoint other = new HttpEndpoint("0.0.0.0", 8081, "org.osgi.service.http.port");
        probe.outcomes.put(HTTP, new BindOutcome(BindOutcome.Kind.IN_USE, ""));
        probe.outcomes.put(other, new BindOutcome(BindOutcome.Kind.IN_USE, ""));
        downAt(0);
        assertNotNull(downAt(15).warn());
        HttpBindWatch.Step moved = watch.look(T0.plusSeconds(16), false, true, List.of(other));
        assertTrue(moved.health().reason().startsWith("port 8081 on 0.0.0.0 is in use"), moved.health().reason());
        assertNotNull(moved.warn(), "a new problem is a new warning");
    }

    @Test
    void aFailureAfterServingGetsTheGraceAgainAndNeverFightsAReconfiguringServer() {
        watch.look(T0, true, true, ENDPOINTS);
        HttpBindWatch.Step s = downAt(5); // pax-web applies a changed configuration: not serving for a moment
        assertFalse(s.restartServer());
        assertNull(s.warn());
        assertEquals(State.UP, watch.look(T0.plusSeconds(6), true, true, ENDPOINTS).health().state());
        assertTrue(probe.calls.isEmpty());
    }

    @Test
    void withoutPaxWebsServerNothingIsProbedOrRestartedAndTheReasonSaysWhichBundle() {
        HttpBindWatch.Step s = watch.look(T0.plusSeconds(100), false, false, ENDPOINTS);
        assertEquals(State.DOWN, s.health().state());
        assertTrue(s.health().reason().contains("bundle:list"), s.health().reason());
        assertFalse(s.restartServer());
        // when it comes back, pax-web starts its server: the grace counts from then
        assertFalse(watch.look(T0.plusSeconds(110), false, true, ENDPOINTS).restartServer());
        assertTrue(probe.calls.isEmpty());
    }

    @Test
    void everyEndpointIsProbedAndTheFirstThatCannotBeBoundIsNamed() {
        HttpEndpoint https = new HttpEndpoint("0.0.0.0", 8443, "org.osgi.service.http.port.secure");
        probe.outcomes.put(https, new BindOutcome(BindOutcome.Kind.IN_USE, ""));
        watch.look(T0, false, true, List.of(HTTP, https));
        HttpBindWatch.Step s = watch.look(T0.plusSeconds(15), false, true, List.of(HTTP, https));
        assertEquals(List.of(HTTP, https), probe.calls);
        assertTrue(s.health().reason().contains("port 8443 on 0.0.0.0 is in use by another process"), s.health().reason());
        assertTrue(s.health().reason().contains("change org.osgi.service.http.port.secure in"), s.health().reason());
    }
}
