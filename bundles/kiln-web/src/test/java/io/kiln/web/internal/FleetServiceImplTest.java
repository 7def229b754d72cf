package io.kiln.web.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kiln.api.KilnException;
import io.kiln.api.events.EventSource;
import io.kiln.api.events.HostEvent;
import io.kiln.api.fleet.AttentionHost;
import io.kiln.api.fleet.FleetSummary;
import io.kiln.api.fleet.ServiceActivity;
import io.kiln.api.inventory.Host;
import io.kiln.api.inventory.OnboardingState;
import io.kiln.api.metrics.MetricFamily;
import io.kiln.api.metrics.Sample;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class FleetServiceImplTest {
    static final Instant T = Instant.parse("2026-12-07T12:00:00Z");

    /** A clock the test moves. */
    static final class Ticking extends Clock {
        Instant now = T;

        @Override public ZoneOffset getZone() { return ZoneOffset.UTC; }
        @Override public Clock withZone(java.time.ZoneId z) { return this; }
        @Override public Instant instant() { return now; }
    }

    static Host host(String name, String site, OnboardingState state) {
        return Host.builder(name).macs(List.of(String.format("52:54:00:00:00:%02x", name.hashCode() & 0x7f))).site(site).currentState(state).build();
    }

    /** The timeline already holds a failure of err-1; quar-1's comes later, live. */
    static final class Timeline implements io.kiln.api.events.HostEvents {
        @Override
        public void record(String host, EventSource source, String type, String detail) {
            throw new UnsupportedOperationException();
        }

        @Override
        public List<HostEvent> recent(long afterId, int limit) {
            return List.of(new HostEvent(7, "err-1", T.minusSeconds(60), EventSource.WORKFLOW, "step-failed", "step 2/5 stream-image: disk full"),
                    new HostEvent(8, "ok-1", T.minusSeconds(50), EventSource.DHCP, "dhcp-ack", "10.0.0.5"));
        }

        @Override
        public List<HostEvent> events(String host, long afterId, int limit) {
            return List.of();
        }
    }

    @Test
    void countsPerSiteListsTroubleNewestFirstAndRecentFailures() {
        FakeInventory inv = new FakeInventory();
        inv.addHost(host("ok-1", "a", OnboardingState.ONBOARDED));
        inv.addHost(host("err-1", "a", OnboardingState.ERROR));
        inv.addHost(host("quar-1", "b", OnboardingState.QUARANTINED));
        inv.addHost(host("new-1", null, OnboardingState.REGISTERED));
        inv.addHost(host("err-2", "b", OnboardingState.ERROR));
        FleetServiceImpl fleet = new FleetServiceImpl(inv, new Timeline(), new Ticking());
        fleet.summary(5, 10); // reads the timeline once
        fleet.stored(List.of(new HostEvent(9, "quar-1", T, EventSource.WORKFLOW, "quarantined", "3 failed runs"),
                new HostEvent(10, "ok-1", T, EventSource.DHCP, "dhcp-offer", "")));

        FleetSummary f = fleet.summary(5, 10);
        assertEquals(5, f.hosts());
        assertEquals(List.of("a", "b"), f.sites().stream().limit(2).map(s -> s.site()).toList());
        assertNull(f.sites().get(2).site(), "hosts without a site last");
        assertEquals(1, f.sites().get(0).states().get(OnboardingState.ERROR));
        assertEquals(0, f.sites().get(0).states().get(OnboardingState.QUARANTINED), "every state present");
        assertEquals(2, f.sites().get(0).total());
        assertEquals(3, f.attentionTotal());
        assertEquals(List.of("quar-1", "err-1", "err-2"), f.attention().stream().map(AttentionHost::name).toList());
        assertEquals("3 failed runs", f.attention().get(0).reason());
        assertEquals(T.minusSeconds(60), f.attention().get(1).since());
        assertNull(f.attention().get(2).reason(), "a timeline without failures");
        assertEquals(List.of(9L, 7L), f.recentFailures().stream().map(HostEvent::id).toList());
        assertEquals(List.of(9L), fleet.summary(1, 10).recentFailures().stream().map(HostEvent::id).toList());
        assertEquals(List.of("quar-1"), fleet.summary(1, 1).attention().stream().map(AttentionHost::name).toList());
        assertEquals(3, fleet.summary(1, 1).attentionTotal());
        assertThrows(KilnException.class, () -> fleet.summary(0, 10));
        assertThrows(KilnException.class, () -> fleet.summary(5, 0));
    }

    @Test
    void activityComesFromTheMetricCountersWithARateOnceKilnCountedAMinute() {
        Ticking clock = new Ticking();
        FleetServiceImpl fleet = new FleetServiceImpl(new FakeInventory(), null, clock);
        AtomicLong dhcp = new AtomicLong(100);
        fleet.addSource(() -> List.of(
                MetricFamily.counter("kiln_dhcp_requests_total", "", List.of(Sample.of("type", "discover", dhcp.get()), Sample.of("type", "request", 20))),
                MetricFamily.counter("kiln_http_requests_total", "", List.of(Sample.of(5)))));
        ServiceActivity first = fleet.summary(5, 10).activity().get(0);
        assertEquals("dhcp", first.service());
        assertEquals(120, first.requests());
        assertNull(first.perMinute(), "nothing counted over time yet");
        clock.now = T.plusSeconds(30);
        dhcp.set(160);
        List<ServiceActivity> a = fleet.summary(5, 10).activity();
        assertEquals(180, a.get(0).requests());
        assertNull(a.get(0).perMinute(), "60 in 30 s is not 120 a minute: not a minute counted yet");
        clock.now = T.plusSeconds(75);
        dhcp.set(190);
        a = fleet.summary(5, 10).activity();
        assertEquals(72.0, a.get(0).perMinute(), 0.001, "since the first look (at T, as the source arrived): 90 in 75 s");
        assertEquals("tftp", a.get(1).service());
        assertNull(a.get(1).perMinute(), "TFTP not running: no counter");
        assertEquals(0.0, a.get(2).perMinute(), 0.001);
        clock.now = T.plusSeconds(100);
        fleet.summary(5, 10);
        clock.now = T.plusSeconds(130);
        dhcp.set(220);
        assertEquals(36.0, fleet.summary(5, 10).activity().get(0).perMinute(), 0.001, "since the newest reading a minute or more old (at 30 s): 60 in 100 s");
    }

    /** As reported: 48 HTTP requests since start, shown as 108 a minute (36 in the 20 s between two looks, scaled up). */
    @Test
    void aBurstRightAfterStartIsNeverMoreAMinuteThanWasCounted() {
        Ticking clock = new Ticking();
        FleetServiceImpl fleet = new FleetServiceImpl(new FakeInventory(), null, clock);
        AtomicLong http = new AtomicLong(0);
        fleet.addSource(() -> List.of(MetricFamily.counter("kiln_http_requests_total", "", List.of(Sample.of(http.get())))));
        clock.now = T.plusSeconds(40);
        http.set(12);
        assertNull(fleet.summary(5, 10).activity().get(2).perMinute());
        clock.now = T.plusSeconds(60);
        http.set(48);
        ServiceActivity a = fleet.summary(5, 10).activity().get(2);
        assertEquals(48, a.requests());
        assertEquals(48.0, a.perMinute(), 0.001, "48 counted in the minute since the source arrived");
        for (int s = 61; s < 200; s += 7) {
            clock.now = T.plusSeconds(s);
            http.addAndGet(s % 3 == 0 ? 40 : 1);
            ServiceActivity x = fleet.summary(5, 10).activity().get(2);
            assertTrue(x.perMinute() <= x.requests(), x.toString());
        }
    }
}
