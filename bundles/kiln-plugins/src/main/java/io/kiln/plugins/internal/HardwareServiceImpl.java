package io.kiln.plugins.internal;

import io.kiln.api.KilnException;
import io.kiln.api.hardware.DriverPlan;
import io.kiln.api.hardware.HardwareService;
import io.kiln.api.hardware.InterfaceChoice;
import io.kiln.api.hardware.PluginExplanation;
import io.kiln.api.hardware.PluginInfo;
import io.kiln.api.hardware.PowerCommand;
import io.kiln.api.hardware.PowerReading;
import io.kiln.api.inventory.BootProfile;
import io.kiln.api.inventory.Host;
import io.kiln.api.inventory.HostContext;
import io.kiln.api.inventory.Inventory;
import io.kiln.api.status.Health;
import io.kiln.api.status.HealthReport;
import io.kiln.spi.vendor.BmcTarget;
import io.kiln.spi.vendor.Credentials;
import io.kiln.spi.vendor.PowerAction;
import io.kiln.spi.vendor.PowerInterface;
import io.kiln.spi.vendor.PowerState;
import io.kiln.spi.vendor.VendorPlugin;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The registry of vendor plugins: every {@link VendorPlugin} service, as it comes and goes (a bundle dropped into
 * {@code deploy/}, updated or removed), chosen per host and interface by {@link PluginChooser} and called through
 * its own bounded threads ({@link PluginCalls}). Configured by {@code etc/io.kiln.plugins.cfg}; a changed file is
 * applied in place (no restart: the plugins stay tracked and no call is cut).
 */
@Component(service = {HardwareService.class, HealthReport.class}, immediate = true, configurationPid = HardwareServiceImpl.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
public final class HardwareServiceImpl implements HardwareService, HealthReport {
    static final String PID = "io.kiln.plugins";
    private static final Logger LOG = LoggerFactory.getLogger(HardwareServiceImpl.class);

    private final Inventory inventory;
    private final CredentialResolver credentials;
    private final Map<Long, DeployedPlugin> deployed = new ConcurrentHashMap<>();
    /** Plugin services that could not be taken (name missing or wrong, a fault while asked), by service id: why. */
    private final Map<Long, String> refused = new ConcurrentHashMap<>();
    /** Interrupts what still runs in a removed plugin once its calls' time is up. */
    private final ScheduledExecutorService reaper;
    private volatile PluginSettings settings = PluginSettings.DEFAULTS;
    private volatile List<String> complaints = List.of();

    @Activate
    public HardwareServiceImpl(@Reference Inventory inventory, @Reference CredentialResolver credentials, Map<String, Object> config) {
        this.inventory = inventory;
        this.credentials = credentials;
        ScheduledThreadPoolExecutor r = new ScheduledThreadPoolExecutor(1, t -> {
            Thread th = new Thread(t, "kiln-plugins-reaper");
            th.setDaemon(true);
            return th;
        });
        r.setRemoveOnCancelPolicy(true);
        this.reaper = r;
        configure(config);
    }

    @Modified
    void configure(Map<String, Object> config) {
        PluginSettings.Parsed p = PluginSettings.parse(config, settings);
        for (String c : p.complaints()) LOG.warn(c);
        int before = settings.maxCallsPerPlugin();
        settings = p.settings();
        complaints = p.complaints();
        if (before != settings.maxCallsPerPlugin()) {
            // new call slots for every plugin; calls running in the old ones finish there
            for (Map.Entry<Long, DeployedPlugin> e : deployed.entrySet()) {
                DeployedPlugin old = e.getValue();
                DeployedPlugin now = new DeployedPlugin(old.plugin(), old.name(), old.pciVendors(), old.hostPropertyKeys(), old.origin(),
                        new PluginCalls(old.name(), settings.maxCallsPerPlugin()));
                if (deployed.replace(e.getKey(), old, now)) retire(old);
            }
        }
        LOG.info("Hardware plugins: preference [{}], callTimeoutSeconds {}, maxCallsPerPlugin {}", String.join(", ", settings.preference()),
                settings.callTimeout().toSeconds(), settings.maxCallsPerPlugin());
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC, service = VendorPlugin.class)
    void addPlugin(VendorPlugin plugin, ServiceReference<VendorPlugin> ref) {
        org.osgi.framework.Bundle b = ref.getBundle();
        if (b == null) return; // unregistered while being bound: nothing to track
        added(plugin, new PluginOrigin(b.getSymbolicName(), b.getVersion().toString(),
                (Long) ref.getProperty(Constants.SERVICE_ID), ref.getProperty(PluginOrigin.CLAIMS) == null ? "" : String.valueOf(ref.getProperty(PluginOrigin.CLAIMS))));
    }

    void removePlugin(VendorPlugin plugin, ServiceReference<VendorPlugin> ref) {
        removed((Long) ref.getProperty(Constants.SERVICE_ID));
    }

    /** A plugin service arrived: what it says of itself is read once, through threads of its own, with a time limit. */
    void added(VendorPlugin plugin, PluginOrigin origin) {
        PluginCalls probe = new PluginCalls(origin.bundle(), 1);
        Duration t = settings.cheapCallTimeout();
        try {
            String name = probe.call(null, "name()", t, plugin::name);
            if (!name.matches(PluginSettings.NAME_RULE)) {
                throw KilnException.invalid("its name '" + name + "' is not a plugin name (lower case letters, digits, . _ -)");
            }
            Set<String> pci = probe.call(null, "pciVendors()", t, plugin::pciVendors);
            Set<String> keys = new HashSet<>();
            for (HardwareKind k : HardwareKind.values()) {
                if (k.implementedBy(plugin)) keys.addAll(probe.call(null, "hostProperties() of " + k.label, t, () -> k.type.cast(plugin).hostProperties()).keySet());
            }
            DeployedPlugin p = new DeployedPlugin(plugin, name, pci, keys, origin, new PluginCalls(name, settings.maxCallsPerPlugin()));
            deployed.put(origin.serviceId(), p);
            LOG.info("Hardware plugin '{}' is live: bundle {} {}, interfaces {}", name, origin.bundle(), origin.version(), HardwareKind.labels(plugin));
        } catch (RuntimeException e) {
            String why = "plugin service " + origin.serviceId() + " of bundle " + origin.bundle() + " " + origin.version() + " is not used: " + e.getMessage();
            refused.put(origin.serviceId(), why);
            LOG.warn(why);
        } finally {
            probe.retire();
            reaper.schedule(probe::interrupt, t.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /** A plugin service left: no new calls reach it; running ones finish or, once their time is up, are interrupted. */
    void removed(long serviceId) {
        refused.remove(serviceId);
        DeployedPlugin p = deployed.remove(serviceId);
        if (p == null) return;
        retire(p);
        LOG.info("Hardware plugin '{}' removed: bundle {} {}", p.name(), p.origin().bundle(), p.origin().version());
    }

    private void retire(DeployedPlugin p) {
        p.calls().retire();
        if (!reaper.isShutdown()) reaper.schedule(p.calls()::interrupt, settings.callTimeout().toMillis() + 1000, TimeUnit.MILLISECONDS);
    }

    @Deactivate
    void deactivate() {
        for (DeployedPlugin p : deployed.values()) {
            p.calls().retire();
            p.calls().interrupt();
        }
        deployed.clear();
        reaper.shutdownNow();
    }

    // ---- HardwareService ----

    @Override
    public List<PluginInfo> plugins() {
        return deployed.values().stream().sorted(Comparator.comparing(DeployedPlugin::name).thenComparing(DeployedPlugin::newerFirst))
                .map(DeployedPlugin::info).toList();
    }

    @Override
    public PluginExplanation explain(String hostName) {
        Host h = host(hostName);
        PluginChooser chooser = chooser(h);
        List<InterfaceChoice> out = HardwareKind.BMC.stream().map(k -> chooser.choose(k).explained()).toList();
        return new PluginExplanation(h.name(), h.bmc() == null ? null : h.bmc().address(), h.bmc() == null ? null : h.bmc().plugin(),
                settings.preference(), out);
    }

    @Override
    public PowerReading powerState(String hostName) {
        Host h = host(hostName);
        DeployedPlugin p = ready(h, HardwareKind.POWER);
        return read(h, p);
    }

    @Override
    public PowerReading power(String hostName, PowerCommand command) {
        if (command == null) throw KilnException.invalid("a power action is required");
        Host h = host(hostName);
        DeployedPlugin p = ready(h, HardwareKind.POWER);
        PowerInterface power = (PowerInterface) p.plugin();
        BmcTarget target = target(h, p);
        p.calls().run(h.name(), "power " + command.operatorName(), settings.callTimeout(), () -> {
            power.power(target, PowerAction.valueOf(command.name()));
            return null;
        });
        return read(h, p);
    }

    private PowerReading read(Host h, DeployedPlugin p) {
        PowerInterface power = (PowerInterface) p.plugin();
        BmcTarget target = target(h, p);
        PowerState s = p.calls().call(h.name(), "power state", settings.callTimeout(), () -> power.powerState(target));
        return new PowerReading(h.name(), p.name(), s.name());
    }

    // ---- driver selection ----

    @Override
    public DriverPlan drivers(String hostName) {
        Host h = host(hostName);
        HostContext context = inventory.context(h.name()).orElse(null);
        BootProfile profile = context == null || context.bootProfile() == null ? null : inventory.profile(context.bootProfile()).orElse(null);
        return new DriverPlanner(List.copyOf(deployed.values()), settings.callTimeout()).plan(h, context, profile);
    }

    // ---- HealthReport ----

    @Override
    public String subsystem() {
        return "plugins";
    }

    @Override
    public Health health() {
        List<String> reasons = new ArrayList<>(complaints);
        reasons.addAll(refused.values());
        try {
            Set<String> names = new HashSet<>();
            deployed.values().forEach(p -> names.add(p.name()));
            List<String> missing = new ArrayList<>();
            for (Host h : inventory.hosts()) {
                if (h.bmc() != null && h.bmc().plugin() != null && !names.contains(h.bmc().plugin())) missing.add(h.name() + " (" + h.bmc().plugin() + ")");
            }
            if (!missing.isEmpty()) {
                reasons.add("hosts name a plugin that is not deployed: " + String.join(", ", missing.subList(0, Math.min(5, missing.size())))
                        + (missing.size() > 5 ? " and " + (missing.size() - 5) + " more" : ""));
            }
        } catch (RuntimeException e) {
            // the inventory's own report says why it cannot answer; this one speaks for the plugins only
        }
        return reasons.isEmpty() ? Health.up() : Health.degraded(String.join("; ", reasons));
    }

    // ---- helpers ----

    private Host host(String name) {
        if (name == null || name.isBlank()) throw KilnException.invalid("a host name is required");
        return inventory.host(name).orElseThrow(() -> KilnException.notFound("no host named '" + name + "'"));
    }

    private PluginChooser chooser(Host h) {
        return new PluginChooser(HostBmc.of(h), PluginChooser.byName(List.copyOf(deployed.values())), settings);
    }

    /** The plugin that serves {@code kind} for the host, ready to call; or the one-line reason it cannot be called. */
    private DeployedPlugin ready(Host h, HardwareKind kind) {
        if (h.bmc() == null) throw KilnException.invalid("host '" + h.name() + "' has no BMC (kiln:host-add --bmc ADDRESS [--bmc-plugin NAME])");
        PluginChoice c = chooser(h).choose(kind);
        if (c.plugin() == null) {
            throw new KilnException(KilnException.Kind.UNAVAILABLE, "host '" + h.name() + "': no plugin for " + kind.label + ": " + c.explained().why());
        }
        if (!c.explained().problems().isEmpty()) {
            throw KilnException.invalid("host '" + h.name() + "': plugin '" + c.plugin().name() + "' cannot drive its " + kind.label + ": "
                    + String.join("; ", c.explained().problems()));
        }
        return c.plugin();
    }

    /** What one call acts on: the endpoint as this plugin may see it and, when the host names one, its login. */
    private BmcTarget target(Host h, DeployedPlugin p) {
        String ref = h.bmc().credentialRef();
        Credentials login = ref == null ? null : credentials.resolve(ref).orElseThrow(() -> KilnException.invalid("host '" + h.name()
                + "' names BMC credential '" + ref + "', which is not stored (kiln:credential-set --username USER " + ref + ")"));
        return new BmcTarget(HostBmc.of(h).endpoint(p), login);
    }
}
