package io.kiln.workflow.internal;

import io.kiln.api.KilnException;
import io.kiln.api.boot.ProvisioningFiles;
import io.kiln.api.events.HostEvents;
import io.kiln.api.hardware.HardwareService;
import io.kiln.api.inventory.Inventory;
import io.kiln.api.inventory.Versioned;
import io.kiln.api.inventory.WorkflowTemplate;
import io.kiln.api.onboarding.AgentAction;
import io.kiln.api.status.Health;
import io.kiln.api.metrics.MetricFamily;
import io.kiln.api.metrics.MetricSource;
import io.kiln.api.status.HealthReport;
import io.kiln.api.store.DocumentStore;
import io.kiln.api.workflow.WorkflowAgent;
import io.kiln.api.workflow.WorkflowRun;
import io.kiln.api.workflow.Workflows;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The workflow engine as services: {@link Workflows} for operators, {@link WorkflowAgent} for the agent API, and
 * its health for {@code kiln:status}. A change of etc/io.kiln.workflow.cfg restarts the component, which resumes
 * every run from the store (that is what a restart is for).
 */
@Component(service = {Workflows.class, WorkflowAgent.class, HealthReport.class, MetricSource.class}, configurationPid = WorkflowSettings.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL, immediate = true)
public final class WorkflowService implements Workflows, WorkflowAgent, HealthReport, MetricSource {
    private static final Logger LOG = LoggerFactory.getLogger(WorkflowService.class);

    private final Inventory inventory;
    private final WorkflowSettings settings;
    private final Engine engine;
    private final RunStore runs;
    private final Rollouts rollouts;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    private volatile HardwareService hardware;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    private volatile ProvisioningFiles files;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    private volatile HostEvents events;

    @Activate
    public WorkflowService(@Reference Inventory inventory, @Reference DocumentStore store, Map<String, Object> properties) {
        this(inventory, store, null, null, null, Clock.systemUTC(), WorkflowSettings.read(properties), applianceId(WorkflowSettings.read(properties)));
        engine.start();
    }

    WorkflowService(Inventory inventory, DocumentStore store, HardwareService hardware, ProvisioningFiles files, HostEvents events, Clock clock,
                    WorkflowSettings settings, String appliance) {
        this.inventory = inventory;
        this.settings = settings;
        this.hardware = hardware;
        this.files = files;
        this.events = events;
        this.runs = new RunStore(store);
        Timeline timeline = (host, source, type, detail) -> {
            LOG.info("host {}: {}: {}", host, type, detail);
            HostEvents e = this.events;
            if (e != null) e.record(host, source, type, detail);
        };
        this.engine = new Engine(runs, inventory, new ApplianceActions(inventory, () -> this.hardware, timeline),
                new AgentActions(inventory, () -> this.files), timeline, clock, this::template, appliance, settings);
        this.rollouts = new Rollouts(store, inventory, engine, timeline, clock);
        engine.afterHousekeeping(rollouts::advanceAll);
    }

    /** Starts the engine (tests start it by hand, or drive {@link Engine#housekeeping} themselves). */
    void startEngine() {
        engine.start();
    }

    Engine engine() {
        return engine;
    }

    @Override
    public List<MetricFamily> metrics() {
        return engine.actionStats().families();
    }

    @Deactivate
    void deactivate() {
        engine.close();
    }

    /** This appliance's name: configured, else an id kept in data/kiln/appliance-id so a restart keeps its runs. */
    private static String applianceId(WorkflowSettings s) {
        if (!s.appliance().isEmpty()) return s.appliance();
        Path file = Path.of(System.getProperty("karaf.data", "data"), "kiln", "appliance-id");
        try {
            if (Files.exists(file)) {
                String id = Files.readString(file, StandardCharsets.UTF_8).trim();
                if (!id.isEmpty()) return id;
            }
            String id = "kiln-" + UUID.randomUUID().toString().substring(0, 8);
            Files.createDirectories(file.getParent());
            Files.writeString(file, id + "\n", StandardCharsets.UTF_8);
            return id;
        } catch (IOException e) {
            LOG.warn("cannot keep the appliance id in {}: {}; runs this appliance starts are taken over by the next start", file, e.getMessage());
            return "kiln-" + UUID.randomUUID().toString().substring(0, 8);
        }
    }

    @Override
    public String subsystem() {
        return "workflow";
    }

    @Override
    public Health health() {
        String p = engine.problem();
        if (p != null) return Health.down(p);
        return settings.problems();
    }

    // ---- Workflows ----

    /** The inventory's template of that name, else the built-in one, else null. */
    WorkflowTemplate template(String name) {
        Optional<Versioned<WorkflowTemplate>> t = inventory.get(WorkflowTemplate.class, name);
        if (t.isPresent()) return t.get().value();
        return BuiltInTemplates.all().stream().filter(b -> b.name().equals(name)).findFirst().orElse(null);
    }

    @Override
    public List<WorkflowTemplate> templates() {
        Map<String, WorkflowTemplate> out = new TreeMap<>();
        for (WorkflowTemplate b : BuiltInTemplates.all()) out.put(b.name(), b);
        for (Versioned<WorkflowTemplate> v : inventory.list(WorkflowTemplate.class)) out.put(v.value().name(), v.value());
        return List.copyOf(out.values());
    }

    @Override
    public boolean isBuiltIn(String template) {
        return inventory.get(WorkflowTemplate.class, template).isEmpty() && BuiltInTemplates.all().stream().anyMatch(b -> b.name().equals(template));
    }

    @Override
    public List<WorkflowRun> runs() {
        List<WorkflowRun> out = new ArrayList<>();
        for (RunRecord r : runs.all()) out.add(r.view());
        return out;
    }

    @Override
    public Optional<WorkflowRun> run(String host) {
        inventory.host(host).orElseThrow(() -> KilnException.notFound("no host named '" + host + "'"));
        return runs.load(host).map(l -> l.run().view());
    }

    @Override
    public WorkflowRun start(String host, String template, String who) {
        return engine.start(host, template == null ? engine.workflowOf(host) : template, who, Map.of());
    }

    @Override
    public WorkflowRun start(String host, String template, String who, Map<String, String> variables) {
        return engine.start(host, template == null ? engine.workflowOf(host) : template, who, Map.of(), variables == null ? Map.of() : variables);
    }

    @Override
    public WorkflowRun detach(String host, String who) {
        return engine.detach(host, who);
    }

    @Override
    public WorkflowRun attach(String host, String who) {
        return engine.attach(host, who);
    }

    @Override
    public io.kiln.api.workflow.Rollout startRollout(String name, String template, List<String> hosts, int batchSize, int maxFailures,
                                                     Map<String, String> variables, String who) {
        if (template(template) == null) throw KilnException.notFound("no workflow named '" + template + "' (kiln:workflow-templates lists them)");
        return rollouts.start(name, template, hosts, batchSize, maxFailures, variables, who);
    }

    @Override
    public List<io.kiln.api.workflow.Rollout> rollouts() {
        return rollouts.list();
    }

    @Override
    public io.kiln.api.workflow.Rollout stopRollout(String name, String who) {
        return rollouts.stop(name, who);
    }

    @Override
    public WorkflowRun cancel(String host, String who) {
        inventory.host(host).orElseThrow(() -> KilnException.notFound("no host named '" + host + "'"));
        return engine.cancel(host, who);
    }

    @Override
    public WorkflowRun release(String host, boolean skipGate, String who) {
        inventory.host(host).orElseThrow(() -> KilnException.notFound("no host named '" + host + "'"));
        return engine.release(host, skipGate, who);
    }

    @Override
    public WorkflowRun approve(String host, String who) {
        inventory.host(host).orElseThrow(() -> KilnException.notFound("no host named '" + host + "'"));
        return engine.approve(host, who);
    }

    @Override
    public List<String> check(WorkflowTemplate template) {
        return Templates.problems(template);
    }

    @Override
    public List<String> actionTypes() {
        List<String> out = new ArrayList<>();
        for (ActionType t : ActionType.values()) out.add(t.describe());
        return out;
    }

    // ---- WorkflowAgent ----

    @Override
    public AgentAction next(String host) {
        return engine.next(host, null);
    }

    @Override
    public AgentAction next(String host, String received) {
        return engine.next(host, received);
    }

    @Override
    public void progress(String host, String actionId, Integer percent, String message, List<String> log) {
        engine.progress(host, actionId, percent, message, log);
    }

    @Override
    public void result(String host, String actionId, boolean ok, String message, Map<String, String> details) {
        engine.result(host, actionId, ok, message, details);
    }

    @Override
    public void heartbeat(String host) {
        engine.heartbeat(host);
    }

    @Override
    public void hostEvent(String host, String event, String detail) {
        engine.hostEvent(host, event, detail);
    }

    @Override
    public String bootsFromDisk(String host) {
        return engine.bootsFromDisk(host);
    }

    @Override
    public String detached(String host) {
        return engine.detached(host);
    }
}
