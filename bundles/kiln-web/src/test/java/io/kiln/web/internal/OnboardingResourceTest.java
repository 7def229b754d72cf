package io.kiln.web.internal;

import static io.kiln.web.internal.ApiRouterTest.json;
import static io.kiln.web.internal.Calls.call;
import static io.kiln.web.internal.Calls.get;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kiln.api.KilnException;
import io.kiln.api.onboarding.EnrollmentRule;
import io.kiln.api.onboarding.JournalEntry;
import io.kiln.api.onboarding.OnboardOutcome;
import io.kiln.api.onboarding.OnboardRequest;
import io.kiln.api.onboarding.Onboarding;
import io.kiln.api.onboarding.PendingMachine;
import io.kiln.api.rest.ApiResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The REST side of kiln:host-pending / -approve / -reject, kiln:enroll-rule-* and the host journal. */
class OnboardingResourceTest {
    static final Instant T = Instant.parse("2026-12-07T12:00:00Z");

    /** Records what it was asked; knows one waiting machine and one decided one. */
    static final class FakeOnboarding implements Onboarding {
        final List<String> calls = new ArrayList<>();
        final List<EnrollmentRule> rules = new ArrayList<>();

        PendingMachine machine(PendingMachine.State state, String decision) {
            return new PendingMachine("mac-525400000099", null, "S1", List.of("52:54:00:00:00:99"), Map.of(), "10.0.0.9", "unknown machine",
                    null, List.of(), state, decision, T, T);
        }

        public OnboardOutcome onboard(OnboardRequest request) {
            throw new UnsupportedOperationException();
        }

        public List<PendingMachine> pending() {
            return List.of(machine(PendingMachine.State.PENDING, null),
                    new PendingMachine("mac-525400000098", null, null, List.of("52:54:00:00:00:98"), Map.of(), null, "x", null, List.of(),
                            PendingMachine.State.REJECTED, "rejected", T, T));
        }

        public PendingMachine approve(String id, String host, boolean register, String site, String role, String who) {
            if (!id.equals("mac-525400000099")) throw KilnException.notFound("no machine '" + id + "' waits");
            calls.add("approve " + id + " " + host + " " + register + " " + site + " " + role + " " + who);
            return machine(PendingMachine.State.APPROVED, "approved as host " + host + " by " + who);
        }

        public PendingMachine reject(String id, String reason, String who) {
            calls.add("reject " + id + " " + reason + " " + who);
            return machine(PendingMachine.State.REJECTED, "rejected by " + who + ": " + reason);
        }

        public List<EnrollmentRule> rules() {
            return rules;
        }

        public EnrollmentRule putRule(EnrollmentRule rule) {
            rules.add(rule);
            return rule;
        }

        public void removeRule(String name) {
            if (rules.stream().noneMatch(r -> r.name().equals(name))) throw KilnException.notFound("no enrollment rule named '" + name + "'");
            rules.removeIf(r -> r.name().equals(name));
        }

        public List<JournalEntry> journal(String host) {
            return List.of(new JournalEntry(T, "onboarded", "identity matched"));
        }
    }

    static ApiRouter router(Onboarding o) {
        ApiRouter router = new ApiRouter();
        OnboardingResource r = new OnboardingResource(o);
        router.add(r, new String[] {"pending", "journal", "enrollment-rules"});
        return router;
    }

    @Test
    void pendingListsWaitingMachinesAndAllOfThemOnRequest() {
        FakeOnboarding o = new FakeOnboarding();
        String waiting = json(router(o).handle(get("/pending")));
        assertTrue(waiting.contains("mac-525400000099") && !waiting.contains("mac-525400000098"), waiting);
        assertTrue(json(router(o).handle(get("/pending?all=true"))).contains("mac-525400000098"));
    }

    @Test
    void approveAndRejectTakeOptionalBodies() {
        FakeOnboarding o = new FakeOnboarding();
        ApiResponse plain = router(o).handle(call("POST", "/pending/mac-525400000099/approve", ""));
        assertEquals(200, plain.status(), json(plain));
        ApiResponse reg = router(o).handle(call("POST", "/pending/mac-525400000099/approve", "{\"host\":\"pos-9\",\"register\":true,\"site\":\"shop-7\"}"));
        assertEquals(200, reg.status(), json(reg));
        assertEquals("approve mac-525400000099 pos-9 true shop-7 null", o.calls.get(1).substring(0, o.calls.get(1).lastIndexOf(' ')));
        ApiResponse bad = router(o).handle(call("POST", "/pending/mac-525400000099/approve", "{\"register\":\"yes\"}"));
        assertEquals(400, bad.status());
        assertTrue(json(bad).contains("'register' must be true or false"), json(bad));
        assertEquals(404, router(o).handle(call("POST", "/pending/nobody/approve", "")).status());
        ApiResponse rej = router(o).handle(call("POST", "/pending/mac-525400000099/reject", "{\"reason\":\"not ours\"}"));
        assertTrue(json(rej).contains("not ours"), json(rej));
        assertEquals(405, router(o).handle(call("GET", "/pending/mac-525400000099/approve", null)).status());
    }

    @Test
    void rulesArePutListedAndRemovedAndABadRuleIsA400() {
        FakeOnboarding o = new FakeOnboarding();
        ApiResponse put = router(o).handle(call("PUT", "/enrollment-rules/r1", "{\"site\":\"shop-7\",\"vendor\":\"Dell*\"}"));
        assertEquals(200, put.status(), json(put));
        assertTrue(json(router(o).handle(get("/enrollment-rules"))).contains("\"vendor\" : \"Dell*\""));
        ApiResponse matchesAll = router(o).handle(call("PUT", "/enrollment-rules/r2", "{\"site\":\"shop-7\"}"));
        assertEquals(400, matchesAll.status());
        assertTrue(json(matchesAll).contains("matches every machine"), json(matchesAll));
        assertEquals(200, router(o).handle(call("DELETE", "/enrollment-rules/r1", null)).status());
        assertEquals(404, router(o).handle(call("DELETE", "/enrollment-rules/r1", null)).status());
    }

    @Test
    void theJournalAndA503WithoutOnboarding() {
        assertTrue(json(router(new FakeOnboarding()).handle(get("/journal/vm-1"))).contains("identity matched"));
        assertEquals(503, router(null).handle(get("/pending")).status());
    }
}
