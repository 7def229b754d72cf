package io.kiln.onboarding.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kiln.api.KilnException;
import io.kiln.api.inventory.Host;
import io.kiln.api.inventory.HostMatch;
import io.kiln.api.inventory.HostStatus;
import io.kiln.api.inventory.Instance;
import io.kiln.api.inventory.Inventory;
import io.kiln.api.inventory.OnboardingState;
import io.kiln.api.inventory.ProvisioningState;
import io.kiln.api.inventory.Versioned;
import io.kiln.api.net.MacAddress;
import io.kiln.api.net.SystemUuid;
import io.kiln.api.onboarding.AgentAction;
import io.kiln.api.onboarding.AgentCaller;
import io.kiln.api.onboarding.AgentIdentity;
import io.kiln.api.onboarding.AgentService;
import io.kiln.api.onboarding.BootStage;
import io.kiln.api.onboarding.Enrollment;
import io.kiln.api.onboarding.EnrollmentRule;
import io.kiln.api.onboarding.JournalEntry;
import io.kiln.api.onboarding.OnboardOutcome;
import io.kiln.api.onboarding.OnboardRequest;
import io.kiln.api.onboarding.Onboarding;
import io.kiln.api.onboarding.PendingMachine;
import io.kiln.api.pki.ClientVerdict;
import io.kiln.api.pki.HostToken;
import io.kiln.api.pki.IssuedCertificate;
import io.kiln.api.pki.Pki;
import io.kiln.api.pki.TokenVerdict;
import io.kiln.api.status.Health;
import io.kiln.api.status.HealthReport;
import io.kiln.api.store.DocumentStore;
import io.kiln.api.workflow.WorkflowAgent;
import io.kiln.api.events.HostEvents;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/**
 * Onboarding, the boot stage each host's script carries, and the agent API behind /agent/v1: one component, since
 * all three decide from the same persisted facts (tokens, pending machines, the journal). What an onboarded agent
 * does is the workflow engine's ({@link WorkflowAgent}): this component authenticates the agent and hands over.
 */
@Component(service = {Onboarding.class, Enrollment.class, AgentService.class, HealthReport.class},
        configurationPid = OnboardingSettings.PID, configurationPolicy = ConfigurationPolicy.OPTIONAL)
public final class OnboardingServiceImpl implements Onboarding, Enrollment, AgentService, HealthReport {
    private final Inventory inventory;
    private final Pki pki;
    private final HttpsPort https;
    private final Clock clock;
    private final EnrollmentTokens tokens;
    private final PendingMachines pending;
    private final HostJournal journal;
    private final EnrollmentRules rules;
    private volatile OnboardingSettings settings;
    /** Optional: without the workflow engine an agent is told to wait; onboarding itself goes on. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    private volatile WorkflowAgent workflow;
    /** Optional: each host's timeline, where its path is recorded (else in a document of onboarding's own). */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    private volatile HostEvents events;

    /** Where machines reach the HTTPS endpoint, and whether it serves. */
    interface HttpsPort {
        int port();

        /** Why it does not serve now, or null. */
        String problem();
    }

    @Activate
    public OnboardingServiceImpl(@Reference Inventory inventory, @Reference DocumentStore store, @Reference Pki pki,
                                 @Reference HttpsEndpoint endpoint, Map<String, Object> properties) {
        this(inventory, store, pki, new HttpsPort() {
            public int port() {
                return endpoint.port();
            }

            public String problem() {
                return endpoint.problem();
            }
        }, Clock.systemUTC(), properties, null);
    }

    OnboardingServiceImpl(Inventory inventory, DocumentStore store, Pki pki, HttpsPort https, Clock clock, Map<String, Object> properties,
                          WorkflowAgent workflow) {
        this.inventory = inventory;
        this.pki = pki;
        this.https = https;
        this.clock = clock;
        this.workflow = workflow;
        this.tokens = new EnrollmentTokens(store, clock);
        this.pending = new PendingMachines(store, clock);
        this.journal = new HostJournal(store, clock, () -> this.events);
        this.rules = new EnrollmentRules(store);
        this.settings = OnboardingSettings.read(properties);
    }

    @Modified
    void modified(Map<String, Object> properties) {
        settings = OnboardingSettings.read(properties);
    }

    @Override
    public String subsystem() {
        return "onboarding";
    }

    @Override
    public Health health() {
        return settings.problems();
    }

    // ---- Enrollment: what a boot script tells the agent ----

    @Override
    public BootStage bootStage(String host, String baseUrl) {
        String hostPart = URI.create(baseUrl).getHost();
        if (hostPart != null && hostPart.indexOf(':') >= 0 && !hostPart.startsWith("[")) hostPart = "[" + hostPart + "]";
        String httpsUrl = "https://" + hostPart + ":" + https.port();
        String problem = https.problem();
        if (host != null) {
            String local = localBoot(host);
            if (local != null) return new BootStage(local, httpsUrl, null, null, null);
        }
        String ca;
        try {
            ca = pki.ca().sha256();
        } catch (KilnException e) {
            return new BootStage(null, httpsUrl, null, null, "the PKI is down: " + e.getMessage());
        }
        String token = null;
        if (host != null) {
            token = tokens.issue(host, settings.tokenLifetime());
            WorkflowAgent w = workflow;
            if (w != null) w.hostEvent(host, "boot-script", baseUrl); // the seed's ${kiln.url}
        }
        return new BootStage(null, httpsUrl, ca, token, problem == null ? null : "the HTTPS endpoint is down: " + problem);
    }

    @Override
    public String detached(String host) {
        WorkflowAgent w = workflow;
        return w == null || host == null ? null : w.detached(host);
    }

    @Override
    public String localBoot(String host) {
        Instance i = inventory.context(host).map(c -> c.instance()).orElse(null);
        if (i == null || i.desired() != ProvisioningState.RUNNING) return null;
        if (i.current() == ProvisioningState.RUNNING) return "its instance is RUNNING: boot from its disk";
        WorkflowAgent w = workflow;
        return i.current() == ProvisioningState.PROVISIONING && w != null ? w.bootsFromDisk(host) : null; // a store read only then
    }

    // ---- Onboarding ----

    @Override
    public OnboardOutcome onboard(OnboardRequest raw) {
        OnboardRequest r = canonical(raw);
        String key = pki.requestKeySha256(r.csr()); // a request Kiln could not sign is refused before anything is kept
        String id = PendingMachines.id(r);
        ObjectNode earlier = pending.get(id).orElse(null);
        if (earlier != null && "REJECTED".equals(Json.text(earlier, "state"))) {
            return OnboardOutcome.refused(id, "rejected by an operator: " + Json.text(earlier, "decision"));
        }
        if (earlier != null && "APPROVED".equals(Json.text(earlier, "state")) && key.equals(Json.text(earlier, "key"))) {
            String host = Json.text(earlier, "approvedHost");
            OnboardOutcome o = grant(host, r, "approved by an operator (" + Json.text(earlier, "decision") + ")");
            pending.remove(id);
            return o;
        }
        List<Host> candidates = candidates(r);
        // the token is used up whatever happens next: a token is good once
        EnrollmentTokens.Check token = tokens.consume(r.token(), key);
        if (candidates.size() > 1) {
            return wait(r, key, "the machine resembles several hosts (" + String.join(", ", candidates.stream().map(Host::name).toList())
                    + "): an operator says which", null);
        }
        if (candidates.isEmpty()) {
            List<String> verdicts = new ArrayList<>();
            for (EnrollmentRule rule : rules.list()) {
                String no = EnrollmentRules.mismatch(rule, r);
                if (no != null) {
                    verdicts.add("rule " + rule.name() + ": " + no);
                    continue;
                }
                String name = EnrollmentRules.hostName(rule, r);
                try {
                    inventory.addHost(Host.builder(name).macs(r.macs()).uuid(r.uuid()).serial(r.serial()).site(rule.site()).role(rule.role()).build());
                } catch (KilnException e) {
                    verdicts.add("rule " + rule.name() + ": matched, but host '" + name + "' could not be registered: " + e.getMessage());
                    continue;
                }
                journal.add(name, "registered", "by enrollment rule " + rule.name() + " (site " + rule.site()
                        + (rule.role() == null ? "" : ", role " + rule.role()) + ") from machine " + describe(r));
                pending.get(id).ifPresent(x -> pending.remove(id));
                return grant(name, r, "auto-enrolled by rule " + rule.name());
            }
            String unknown = "unknown machine: no host has " + describe(r) + (token.host() != null ? " (it presented the enrollment token of host '"
                    + token.host() + "')" : "") + (verdicts.isEmpty() ? "; no enrollment rule" : "; no enrollment rule matched");
            return wait(r, key, unknown, null, verdicts);
        }
        Host h = candidates.get(0);
        if (h.currentState() == OnboardingState.QUARANTINED) {
            return OnboardOutcome.refused(id, "host '" + h.name() + "' is quarantined: kiln:host-state to release it");
        }
        List<String> mismatch = IdentityCheck.mismatches(h, r);
        if (!mismatch.isEmpty()) return wait(r, key, "identity mismatch with host '" + h.name() + "': " + String.join("; ", mismatch), h.name());
        if (!token.ok()) return wait(r, key, "matches host '" + h.name() + "' but " + token.problem(), h.name());
        if (!h.name().equals(token.host())) {
            return wait(r, key, "matches host '" + h.name() + "' but presented the enrollment token of host '" + token.host() + "'", h.name());
        }
        return grant(h.name(), r, "identity matched (" + IdentityCheck.matched(h, r) + ") with the one-time enrollment token from its boot script");
    }

    private OnboardOutcome wait(OnboardRequest r, String key, String reason, String candidate) {
        return wait(r, key, reason, candidate, List.of());
    }

    private OnboardOutcome wait(OnboardRequest r, String key, String reason, String candidate, List<String> verdicts) {
        ObjectNode doc = pending.waiting(r, key, reason, candidate, verdicts);
        String id = PendingMachines.id(r);
        if ("REJECTED".equals(Json.text(doc, "state"))) return OnboardOutcome.refused(id, "rejected by an operator: " + Json.text(doc, "decision"));
        if (candidate != null) journal.add(candidate, "onboarding-waits", reason + " (kiln:host-pending lists it as " + id + ")");
        return OnboardOutcome.pending(id, reason + "; waiting for an operator (kiln:host-approve " + id + ")", settings.retryAfterSeconds());
    }

    private OnboardOutcome grant(String host, OnboardRequest r, String how) {
        // a re-onboarded host's earlier certificates are refused from now on
        int revoked = pki.revokeHost(host, "re-onboarded");
        Credentials c = credentials(host, r.csr());
        saveOnboarded(host, r.facts());
        journal.add(host, "onboarded", how + "; certificate " + c.cert().serial() + " until " + c.cert().notAfter()
                + (revoked > 0 ? "; " + revoked + " earlier certificate(s) revoked" : "") + (r.address() == null ? "" : "; from " + r.address()));
        inventory.instanceStatus(host).ifPresent(s -> journal.add(host, "instance", "now " + s.value().current()));
        WorkflowAgent w = workflow;
        if (w != null) w.hostEvent(host, "onboarded", how); // its workflow's wait for onboarding ends (a ZTP host's run starts if need be)
        return c.outcome(how);
    }

    /** A client certificate for a request's key and a token bound to it: what onboarding and renewal hand out. */
    private record Credentials(IssuedCertificate cert, HostToken token) {
        OnboardOutcome outcome(String how) {
            return new OnboardOutcome(OnboardOutcome.Result.ONBOARDED, cert.host(), cert.pem(), cert.caPem(), cert.notAfter(), token.token(),
                    token.expires(), how, null, 0);
        }
    }

    private Credentials credentials(String host, String csr) {
        IssuedCertificate cert = pki.signHostRequest(host, csr);
        return new Credentials(cert, pki.issueToken(host, cert.sha256()));
    }

    /** The host's current state ONBOARDED and its discovered facts (over earlier ones); a ZTP instance starts provisioning. */
    private void saveOnboarded(String host, Map<String, String> facts) {
        for (int i = 0; ; i++) {
            Versioned<HostStatus> s = inventory.hostStatus(host).orElseThrow(() -> KilnException.notFound("no host named '" + host + "'"));
            Map<String, String> hw = new TreeMap<>(s.value().hardware());
            hw.putAll(facts);
            try {
                inventory.saveStatus(new HostStatus(host, OnboardingState.ONBOARDED, hw), s.version());
                break;
            } catch (KilnException e) {
                if (e.kind() != KilnException.Kind.CONFLICT || i > 5) throw e;
            }
        }
        // an instance that failed before gets another go with the new onboarding
        inventory.instanceStatus(host).filter(s -> s.value().current() == ProvisioningState.ERROR)
                .ifPresent(s -> setInstance(host, ProvisioningState.PROVISIONING, "re-onboarded"));
    }

    /** Moves the instance's current state (a journal entry says from what to what and why). */
    private void setInstance(String host, ProvisioningState to, String why) {
        for (int i = 0; i < 5; i++) {
            Versioned<io.kiln.api.inventory.InstanceStatus> s = inventory.instanceStatus(host).orElse(null);
            if (s == null) return;
            ProvisioningState from = s.value().current();
            if (from == to) return;
            try {
                inventory.saveStatus(new io.kiln.api.inventory.InstanceStatus(host, to), s.version());
                journal.add(host, "instance", from + " -> " + to + " (" + why + ")");
                return;
            } catch (KilnException e) {
                if (e.kind() != KilnException.Kind.CONFLICT) throw e;
            }
        }
    }

    private List<Host> candidates(OnboardRequest r) {
        Set<String> seen = new LinkedHashSet<>();
        List<Host> out = new ArrayList<>();
        List<HostMatch> hits = new ArrayList<>();
        for (String mac : r.macs()) inventory.identify(mac, null, null).ifPresent(hits::add);
        if (r.uuid() != null) inventory.identify(null, r.uuid(), null).ifPresent(hits::add);
        if (r.serial() != null) inventory.identify(null, null, r.serial()).ifPresent(hits::add);
        for (HostMatch m : hits) if (seen.add(m.host().name())) out.add(m.host());
        return out;
    }

    private static String describe(OnboardRequest r) {
        List<String> parts = new ArrayList<>();
        parts.add((r.macs().size() == 1 ? "MAC " : "MACs ") + String.join(", ", r.macs()));
        if (r.uuid() != null) parts.add("UUID " + r.uuid());
        if (r.serial() != null) parts.add("serial " + r.serial());
        return String.join(", ", parts);
    }

    /** @throws KilnException INVALID for a request that cannot be read */
    static OnboardRequest canonical(OnboardRequest r) {
        if (r.macs().isEmpty()) throw KilnException.invalid("macs: the machine's MAC addresses are missing");
        if (r.csr() == null || !r.csr().contains("CERTIFICATE REQUEST")) throw KilnException.invalid("csr: a PEM PKCS#10 certificate request is missing");
        List<String> macs = new ArrayList<>();
        for (String m : r.macs()) macs.add(MacAddress.canonical(m));
        String uuid = null;
        if (r.uuid() != null && !r.uuid().isBlank()) {
            SystemUuid u = SystemUuid.tryParse(r.uuid()).orElseThrow(() -> KilnException.invalid("uuid: '" + r.uuid() + "' is not a UUID"));
            uuid = u.isNil() ? null : u.value();
        }
        String serial = r.serial() == null || r.serial().isBlank() ? null : r.serial().trim();
        Map<String, String> facts = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : r.facts().entrySet()) {
            if (e.getKey().length() > 128 || e.getValue() == null || e.getValue().length() > 4096) continue;
            facts.put(e.getKey(), e.getValue());
        }
        return new OnboardRequest(uuid, serial, List.copyOf(new LinkedHashSet<>(macs)), r.token(), r.csr(), facts, r.address());
    }

    @Override
    public List<PendingMachine> pending() {
        return pending.list();
    }

    @Override
    public PendingMachine approve(String id, String host, boolean register, String site, String role, String who) {
        ObjectNode doc = pending.get(id).orElseThrow(() -> KilnException.notFound("no machine '" + id + "' waits (kiln:host-pending lists them)"));
        PendingMachine m = PendingMachines.view(id, doc);
        String target = host != null ? host : m.candidate();
        if (target == null) {
            throw KilnException.invalid("machine " + id + " resembles no host: name one (kiln:host-approve " + id + " HOST), with --register to create it");
        }
        if (register) {
            Host h = Host.builder(target).macs(m.macs()).uuid(m.uuid()).serial(m.serial()).site(site).role(role).build();
            inventory.addHost(h);
            journal.add(target, "registered", "from waiting machine " + id + " by " + who);
        } else {
            Host h = inventory.host(target).orElseThrow(() -> KilnException.notFound("no host named '" + target + "' (use --register to create it)"));
            if (h.currentState() == OnboardingState.QUARANTINED) throw KilnException.conflict("host '" + target + "' is quarantined: release it first");
        }
        String decision = "approved as host " + target + " by " + who + " at " + clock.instant();
        ObjectNode after = pending.decide(id, d -> {
            d.put("state", "APPROVED").put("decision", decision).put("approvedHost", target);
            return d;
        });
        journal.add(target, "onboarding-approved", "machine " + id + " " + decision);
        return PendingMachines.view(id, after);
    }

    @Override
    public PendingMachine reject(String id, String reason, String who) {
        pending.get(id).orElseThrow(() -> KilnException.notFound("no machine '" + id + "' waits (kiln:host-pending lists them)"));
        String decision = "rejected by " + who + " at " + clock.instant() + (reason == null || reason.isBlank() ? "" : ": " + reason);
        ObjectNode after = pending.decide(id, d -> {
            d.put("state", "REJECTED").put("decision", decision);
            d.remove("approvedHost");
            return d;
        });
        String candidate = Json.text(after, "candidate");
        if (candidate != null) journal.add(candidate, "onboarding-rejected", "machine " + id + " " + decision);
        return PendingMachines.view(id, after);
    }

    @Override
    public List<EnrollmentRule> rules() {
        return rules.list();
    }

    @Override
    public EnrollmentRule putRule(EnrollmentRule rule) {
        inventory.get(io.kiln.api.inventory.Site.class, rule.site())
                .orElseThrow(() -> KilnException.notFound("rule '" + rule.name() + "': no site named '" + rule.site() + "'"));
        if (rule.role() != null) {
            inventory.get(io.kiln.api.inventory.Role.class, rule.role())
                    .orElseThrow(() -> KilnException.notFound("rule '" + rule.name() + "': no role named '" + rule.role() + "'"));
        }
        rules.put(rule);
        return rule;
    }

    @Override
    public void removeRule(String name) {
        rules.remove(name);
    }

    @Override
    public List<JournalEntry> journal(String host) {
        List<JournalEntry> entries = journal.entries(host);
        // a removed host's path stays readable; a name that never was one is a typo, not an empty path
        if (entries.isEmpty() && inventory.host(host).isEmpty()) {
            throw KilnException.notFound("no host named '" + host + "' (and no journal entries for one)");
        }
        return entries;
    }

    // ---- the agent API ----

    @Override
    public AgentIdentity authenticate(AgentCaller c) {
        if (c.certificate() == null) {
            return new AgentIdentity(null, 401, "no client certificate: onboard first (POST /api/v1/onboard) and present the certificate Kiln issued");
        }
        ClientVerdict cert = pki.verifyClient(c.certificate());
        if (!cert.ok()) return new AgentIdentity(null, 403, "client certificate refused: " + cert.reason());
        if (c.token() == null) return new AgentIdentity(null, 401, "no bearer token (Authorization: Bearer <token from onboarding>)");
        TokenVerdict t = pki.verifyToken(c.token());
        if (!t.ok()) return new AgentIdentity(null, 401, "token refused: " + t.reason());
        if (!t.host().equals(cert.host())) {
            return new AgentIdentity(null, 403, "the token is host '" + t.host() + "''s, the certificate host '" + cert.host() + "''s");
        }
        if (!t.certificateSha256().equalsIgnoreCase(cert.sha256())) {
            return new AgentIdentity(null, 403, "the token is bound to another certificate of host '" + t.host() + "'");
        }
        Host h = inventory.host(cert.host()).orElse(null);
        if (h == null) return new AgentIdentity(null, 403, "host '" + cert.host() + "' no longer exists");
        if (h.currentState() == OnboardingState.QUARANTINED) return new AgentIdentity(null, 403, "host '" + h.name() + "' is quarantined");
        return new AgentIdentity(h.name(), 200, null);
    }

    @Override
    public AgentAction next(String host) {
        return next(host, null);
    }

    @Override
    public AgentAction next(String host, String received) {
        WorkflowAgent w = workflow;
        if (w == null) return new AgentAction("wait", "wait", Map.of("seconds", 10, "reason", "the workflow engine (kiln-workflow) is not running"));
        return w.next(host, received);
    }

    @Override
    public void progress(String host, String actionId, Integer percent, String message, List<String> log) {
        engine().progress(host, actionId, percent, message, log);
    }

    @Override
    public void result(String host, String actionId, boolean ok, String message, Map<String, String> details) {
        engine().result(host, actionId, ok, message, details);
    }

    @Override
    public void heartbeat(String host) {
        WorkflowAgent w = workflow;
        if (w != null) w.heartbeat(host);
    }

    @Override
    public void firstBoot(String host, String marker, Map<String, String> facts) {
        journal.add(host, "first-boot", "the installed system reported its first boot" + (marker == null ? "" : " (marker " + marker + ")"));
        engine().hostEvent(host, "first-boot", marker);
    }

    /** @throws KilnException UNAVAILABLE without the workflow engine (the agent keeps its report and tries again) */
    private WorkflowAgent engine() {
        WorkflowAgent w = workflow;
        if (w == null) throw new KilnException(KilnException.Kind.UNAVAILABLE, "the workflow engine (kiln-workflow) is not running");
        return w;
    }

    @Override
    public OnboardOutcome renew(String host, String csr) {
        Credentials c = credentials(host, csr);
        journal.add(host, "certificate-renewed", "certificate " + c.cert().serial() + " until " + c.cert().notAfter());
        return c.outcome("renewed");
    }
}
