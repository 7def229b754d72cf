package io.kiln.plugins.internal;

import io.kiln.api.KilnException;
import io.kiln.api.boot.BootAction;
import io.kiln.api.boot.BootAdvisor;
import io.kiln.api.boot.BootDecision;
import io.kiln.api.boot.BootRequest;
import io.kiln.api.events.EventSource;
import io.kiln.api.events.HostEvents;
import io.kiln.api.hardware.BmcAdded;
import io.kiln.api.hardware.BmcRegistration;
import io.kiln.api.hardware.BootChoice;
import io.kiln.api.hardware.BootSetting;
import io.kiln.api.hardware.FirmwareInventory;
import io.kiln.api.hardware.FirmwareItem;
import io.kiln.api.hardware.FirmwareUpdate;
import io.kiln.api.hardware.DriverPlan;
import io.kiln.api.hardware.HardwareService;
import io.kiln.api.hardware.InspectionResult;
import io.kiln.api.hardware.MediaAction;
import io.kiln.api.hardware.MediaResult;
import io.kiln.api.hardware.InterfaceChoice;
import io.kiln.api.hardware.PluginExplanation;
import io.kiln.api.hardware.PluginInfo;
import io.kiln.api.hardware.PowerCommand;
import io.kiln.api.hardware.PowerReading;
import io.kiln.api.inventory.Bmc;
import io.kiln.api.inventory.Host;
import io.kiln.api.inventory.HostStatus;
import io.kiln.api.inventory.BootProfile;
import io.kiln.api.inventory.HostContext;
import io.kiln.api.inventory.Inventory;
import io.kiln.api.inventory.Names;
import io.kiln.api.inventory.Versioned;
import io.kiln.api.net.MacAddress;
import io.kiln.api.net.SystemUuid;
import io.kiln.api.status.Health;
import io.kiln.api.metrics.MetricSource;
import io.kiln.api.status.HealthReport;
import io.kiln.spi.vendor.BmcTarget;
import io.kiln.spi.vendor.BootDevice;
import io.kiln.spi.vendor.BootInterface;
import io.kiln.spi.vendor.BootTarget;
import io.kiln.spi.vendor.Credentials;
import io.kiln.spi.vendor.FirmwareComponent;
import io.kiln.spi.vendor.FirmwareInterface;
import io.kiln.spi.vendor.HardwareFacts;
import io.kiln.spi.vendor.InspectionInterface;
import io.kiln.spi.vendor.UpdateProgress;
import io.kiln.spi.vendor.VirtualMediaInterface;
import io.kiln.spi.vendor.PowerAction;
import io.kiln.spi.vendor.PowerInterface;
import io.kiln.spi.vendor.PowerState;
import io.kiln.spi.vendor.VendorPlugin;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
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
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The registry of vendor plugins: every {@link VendorPlugin} service, as it comes and goes (a bundle dropped into
 * {@code deploy/}, updated or removed), chosen per host and interface by {@link PluginChooser} and called through
 * its own bounded threads ({@link PluginCalls}). Configured by {@code etc/io.kiln.plugins.cfg}; a changed file is
 * applied in place (no restart: the plugins stay tracked and no call is cut).
 *
 * <p>Every action on a host's BMC (power, boot device, virtual media, firmware update and its end, inspection) goes
 * into the host's timeline with its outcome ({@code bmc-power}, ..., or {@code bmc-power-failed} with the reason)
 * while kiln-events runs; reads (power state, firmware inventory) do not.
 */
@Component(service = {HardwareService.class, HealthReport.class, MetricSource.class}, immediate = true, configurationPid = HardwareServiceImpl.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
public final class HardwareServiceImpl implements HardwareService, HealthReport, MetricSource {
    /** Every plugin's calls by outcome, kept across a plugin's updates. */
    private final PluginCallCounts callCounts = new PluginCallCounts();

    @Override
    public List<io.kiln.api.metrics.MetricFamily> metrics() {
        return callCounts.families();
    }

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
    /** The firmware updates Kiln started and follows; each one's end goes into its host's timeline. */
    private final FirmwareUpdates updates = new FirmwareUpdates(() -> settings, Clock.systemUTC(), new FirmwareUpdates.Listener() {
        @Override
        public void started(FirmwareUpdate u) {
            record(u.host(), "bmc-firmware-update", u.id() + " started with " + shown(URI.create(u.image())) + (u.push() ? " (pushed)" : " (pulled by the BMC)")
                    + " through plugin '" + u.plugin() + "'" + (u.message() == null || u.message().isBlank() ? "" : ": " + u.message()));
        }

        @Override
        public void ended(FirmwareUpdate u) {
            firmwareEnded(u);
        }
    });
    /** Optional (kiln-events): BMC actions and their outcomes go into hosts' timelines. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    volatile HostEvents timeline;
    /** Where a host's UEFI HTTP boot URL comes from (the boot decision), while the boot service runs. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    volatile BootAdvisor bootAdvisor;

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
                        new PluginCalls(old.name(), settings.maxCallsPerPlugin(), callCounts));
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
        PluginCalls probe = new PluginCalls(origin.bundle(), 1, callCounts);
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
            DeployedPlugin p = new DeployedPlugin(plugin, name, pci, keys, origin, new PluginCalls(name, settings.maxCallsPerPlugin(), callCounts));
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
        updates.close();
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
        // a login the host names but Kiln does not hold fails every call: say so here, before the first one
        String ref = h.bmc() == null ? null : h.bmc().credentialRef();
        String noLogin = ref == null || credentials.resolve(ref).isPresent() ? null
                : "BMC credential '" + ref + "' is not stored (kiln:credential-set --username USER " + ref + ")";
        List<InterfaceChoice> out = HardwareKind.BMC.stream().map(k -> chooser.choose(k).explained())
                .map(c -> noLogin == null || c.plugin() == null ? c : new InterfaceChoice(c.hardwareInterface(), c.plugin(), c.why(), c.considered(),
                        java.util.stream.Stream.concat(c.problems().stream(), java.util.stream.Stream.of(noLogin)).toList()))
                .toList();
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
        return recorded(h, "bmc-power", () -> {
            DeployedPlugin p = ready(h, HardwareKind.POWER);
            PowerInterface power = (PowerInterface) p.plugin();
            BmcTarget target = target(h, p);
            p.calls().run(h.name(), "power " + command.operatorName(), settings.callTimeout(), () -> {
                power.power(target, PowerAction.valueOf(command.name()));
                return null;
            });
            return read(h, p);
        }, r -> command.operatorName() + " through plugin '" + r.plugin() + "': the BMC reports " + r.state(), command.operatorName());
    }

    private PowerReading read(Host h, DeployedPlugin p) {
        PowerInterface power = (PowerInterface) p.plugin();
        BmcTarget target = target(h, p);
        PowerState s = p.calls().call(h.name(), "power state", settings.callTimeout(), () -> power.powerState(target));
        return new PowerReading(h.name(), p.name(), s.name());
    }

    // ---- boot device, virtual media, firmware, inspection, registering from a BMC ----

    @Override
    public BootSetting setBootDevice(String hostName, BootChoice device, String url, boolean persistent) {
        if (device == null) throw KilnException.invalid("a boot device is required (pxe, http, cd or disk)");
        Host h = host(hostName);
        if (device != BootChoice.HTTP && url != null && !url.isBlank()) {
            throw KilnException.invalid("a URL is only for boot device http, not " + device.operatorName());
        }
        String source = null;
        URI uri = null;
        if (device == BootChoice.HTTP) {
            boolean given = url != null && !url.isBlank();
            uri = url("boot URL", given ? url : httpBootUrl(h));
            source = given ? "given" : "Kiln's boot decision for the host (UEFI HTTP, as kiln:boot-explain --arch 16)";
        }
        BootTarget target = new BootTarget(switch (device) {
            case PXE -> BootDevice.PXE;
            case HTTP -> BootDevice.UEFI_HTTP;
            case CD -> BootDevice.CD;
            case DISK -> BootDevice.DISK;
        }, uri, persistent);
        URI bootUri = uri;
        String what = device.operatorName() + (persistent ? ", persistent" : ", next boot only") + (uri == null ? "" : ", " + shown(uri));
        String plugin = recorded(h, "bmc-boot-device", () -> run(h, HardwareKind.BOOT, "boot device " + device.operatorName(),
                (BootInterface b, BmcTarget t) -> b.setBootDevice(t, target)), p -> what + " through plugin '" + p + "'", what);
        return new BootSetting(h.name(), plugin, device.operatorName(), bootUri == null ? null : bootUri.toString(), persistent, source);
    }

    /** The URL Kiln's boot decision gives the host's UEFI HTTP firmware (its first MAC, option 93 arch 16). */
    private String httpBootUrl(Host h) {
        BootAdvisor advisor = bootAdvisor;
        if (advisor == null) {
            throw KilnException.invalid("host '" + h.name() + "': give the URL to boot from (--url, \"url\"): Kiln's boot service is not running,"
                    + " so it cannot say which URL the host would get");
        }
        BootDecision d = advisor.decide(BootRequest.of(h.macs().get(0), 16, false));
        if (d.action() != BootAction.HTTP_LOADER || d.bootFile() == null) {
            String why = d.reasons().isEmpty() ? d.action().name() : d.reasons().get(d.reasons().size() - 1);
            throw KilnException.invalid("host '" + h.name() + "': Kiln would not UEFI-HTTP-boot it (" + why + "); give the URL to boot from (--url, \"url\")");
        }
        return d.bootFile();
    }

    @Override
    public MediaResult virtualMedia(String hostName, MediaAction action, String image) {
        if (action == null) throw KilnException.invalid("a virtual media action is required (insert or eject)");
        Host h = host(hostName);
        String plugin;
        if (action == MediaAction.INSERT) {
            if (image == null || image.isBlank()) throw KilnException.invalid("insert needs the image URL");
            URI uri = url("image URL", image);
            plugin = recorded(h, "bmc-media", () -> run(h, HardwareKind.VIRTUAL_MEDIA, "virtual-media insert",
                    (VirtualMediaInterface v, BmcTarget t) -> v.insertMedia(t, uri)), p -> "insert " + shown(uri) + " through plugin '" + p + "'",
                    "insert " + shown(uri));
            return new MediaResult(h.name(), plugin, action.operatorName(), uri.toString());
        }
        if (image != null && !image.isBlank()) throw KilnException.invalid("eject takes no image");
        plugin = recorded(h, "bmc-media", () -> run(h, HardwareKind.VIRTUAL_MEDIA, "virtual-media eject",
                (VirtualMediaInterface v, BmcTarget t) -> v.ejectMedia(t)), p -> "eject through plugin '" + p + "'", "eject");
        return new MediaResult(h.name(), plugin, action.operatorName(), null);
    }

    @Override
    public FirmwareInventory firmware(String hostName) {
        Host h = host(hostName);
        DeployedPlugin p = ready(h, HardwareKind.FIRMWARE);
        return new FirmwareInventory(h.name(), p.name(), readFirmware(h, p));
    }

    private List<FirmwareItem> readFirmware(Host h, DeployedPlugin p) {
        FirmwareInterface fw = (FirmwareInterface) p.plugin();
        BmcTarget target = target(h, p);
        return p.calls().call(h.name(), "firmware inventory", settings.callTimeout(), () -> fw.firmware(target).stream().filter(Objects::nonNull)
                .map(c -> new FirmwareItem(c.id(), c.name(), c.version(), c.updateable())).toList());
    }

    @Override
    public FirmwareUpdate startFirmwareUpdate(String hostName, String image, boolean push) {
        Host h = host(hostName);
        if (image == null || image.isBlank()) throw KilnException.invalid("a firmware image URL is required");
        URI uri = url("firmware image URL", image);
        // its start (and end) are recorded by the updates' listener, in that order even when it ends at once
        return recorded(h, "bmc-firmware-update", () -> {
            DeployedPlugin p = ready(h, HardwareKind.FIRMWARE);
            FirmwareInterface fw = (FirmwareInterface) p.plugin();
            List<FirmwareItem> before = readFirmware(h, p);
            BmcTarget target = target(h, p);
            UpdateProgress first = p.calls().call(h.name(), "firmware update", settings.callTimeout(), () -> fw.update(target, uri, push));
            String task = first.taskId();
            // each later call resolves the login again (it may have been replaced meanwhile) and runs bounded, as any call
            return updates.start(h.name(), p.name(), uri.toString(), push, before, first,
                    () -> p.calls().call(h.name(), "firmware progress", settings.callTimeout(), () -> fw.progress(target(h, p), task)),
                    () -> readFirmware(h, p));
        }, null, "with " + shown(uri));
    }

    /** A firmware update has ended: DONE or FAILED, into the host's timeline. */
    private void firmwareEnded(FirmwareUpdate u) {
        String changes = u.changes().isEmpty() ? "" : " (" + String.join(", ", u.changes().stream().map(io.kiln.api.hardware.FirmwareChange::describe).toList()) + ")";
        record(u.host(), u.state() == FirmwareUpdate.State.DONE ? "bmc-firmware-done" : "bmc-firmware-failed",
                u.id() + " " + u.state().name().toLowerCase(Locale.ROOT) + ": " + u.message() + changes);
    }

    @Override
    public List<FirmwareUpdate> firmwareUpdates(String hostName) {
        return updates.of(host(hostName).name());
    }

    @Override
    public FirmwareUpdate firmwareUpdate(String hostName, String id) {
        String h = host(hostName).name();
        return updates.get(h, id).orElseThrow(() -> noUpdate(h, id));
    }

    @Override
    public FirmwareUpdate awaitFirmwareUpdate(String hostName, String id, Duration atMost) {
        String h = host(hostName).name();
        return updates.await(h, id, atMost == null ? Duration.ZERO : atMost).orElseThrow(() -> noUpdate(h, id));
    }

    private static KilnException noUpdate(String host, String id) {
        return KilnException.notFound("host '" + host + "' has no firmware update '" + id + "' (Kiln keeps them in memory: a restart forgets them)");
    }

    @Override
    public InspectionResult inspect(String hostName) {
        Host h = host(hostName);
        return recorded(h, "bmc-inspect", () -> {
            DeployedPlugin p = ready(h, HardwareKind.INSPECTION);
            InspectionInterface insp = (InspectionInterface) p.plugin();
            BmcTarget target = target(h, p);
            Map<String, String> facts = p.calls().call(h.name(), "inspection", settings.callTimeout(), () -> InspectedFacts.hardware(insp.inspect(target)));
            writeFacts(h.name(), facts);
            return new InspectionResult(h.name(), p.name(), facts);
        }, r -> r.hardware().size() + " hardware fact(s) through plugin '" + r.plugin() + "'", "");
    }

    // ---- hosts' timelines ----

    /**
     * Runs one action on a host's BMC and records it with its outcome: {@code type} and what {@code done} says of the
     * answer (null: recorded elsewhere), or {@code type-failed} with the refusal or fault (and rethrows it).
     *
     * @param what the action, for the failed event (e.g. "on")
     */
    private <T> T recorded(Host h, String type, java.util.function.Supplier<T> action, java.util.function.Function<T, String> done, String what) {
        T r;
        try {
            r = action.get();
        } catch (KilnException e) {
            record(h.name(), type + "-failed", (what.isEmpty() ? "" : what + ": ") + e.getMessage());
            throw e;
        }
        if (done != null) record(h.name(), type, done.apply(r));
        return r;
    }

    private void record(String host, String type, String detail) {
        HostEvents t = timeline;
        if (t != null) t.record(host, EventSource.BMC, type, detail);
    }

    /** A URL as timelines show it: without a login or a query (presigned URLs carry their credentials there). */
    static String shown(URI u) {
        return u.getScheme() + "://" + u.getHost() + (u.getPort() < 0 ? "" : ":" + u.getPort()) + (u.getRawPath() == null ? "" : u.getRawPath())
                + (u.getRawQuery() == null ? "" : "?...");
    }

    /** Writes inspected facts to the host's status (other facts stay), once more when someone wrote it meanwhile. */
    private void writeFacts(String host, Map<String, String> facts) {
        for (int attempt = 1; ; attempt++) {
            Versioned<HostStatus> s = inventory.hostStatus(host).orElseThrow(() -> KilnException.notFound("no host named '" + host + "'"));
            try {
                inventory.saveStatus(s.value().withHardware(InspectedFacts.merge(s.value().hardware(), facts)), s.version());
                return;
            } catch (KilnException e) {
                if (e.kind() != KilnException.Kind.CONFLICT || attempt == 3) throw e;
            }
        }
    }

    @Override
    public BmcAdded addBmc(BmcRegistration r) {
        if (r == null || r.address() == null || r.address().isBlank()) throw KilnException.invalid("a BMC address is required");
        if (r.plugin() != null && !r.plugin().isBlank() && !r.plugin().trim().matches(PluginSettings.NAME_RULE)) {
            throw KilnException.invalid("plugin name '" + r.plugin() + "' is not valid (lower case letters, digits, . _ -)");
        }
        Bmc bmc = new Bmc(r.address(), r.plugin(), r.credentialRef());
        String given = r.name() == null || r.name().isBlank() ? null : Names.require("host name", r.name());
        // what can be refused without asking the BMC is refused first
        if (given != null && inventory.host(given).isPresent()) throw KilnException.conflict("host '" + given + "' already exists");
        for (Host o : inventory.hosts()) {
            if (o.bmc() != null && o.bmc().address().equalsIgnoreCase(bmc.address())) {
                throw KilnException.conflict("BMC " + bmc.address() + " already belongs to host '" + o.name() + "'");
            }
        }
        HostBmc unregistered = HostBmc.unregistered(bmc, r.vars());
        PluginChoice c = new PluginChooser(unregistered, PluginChooser.byName(List.copyOf(deployed.values())), settings).choose(HardwareKind.INSPECTION);
        DeployedPlugin p = checked(unregistered, HardwareKind.INSPECTION, c);
        BmcTarget target = new BmcTarget(unregistered.endpoint(p), login(unregistered.name(), bmc.credentialRef()));
        InspectionInterface insp = (InspectionInterface) p.plugin();
        record Inspected(HardwareFacts facts, Map<String, String> hardware) {
        }
        Inspected in = p.calls().call(unregistered.name(), "inspection", settings.callTimeout(), () -> {
            HardwareFacts f = insp.inspect(target);
            return f == null ? null : new Inspected(f, InspectedFacts.hardware(f));
        });
        HardwareFacts f = in.facts();
        String name = given != null ? given : InspectedFacts.nameFromSerial(f.serial());
        if (name == null) throw KilnException.invalid(bmc.address() + " reports no serial number to name the host by: give it a name (--name)");
        List<String> macs = new ArrayList<>();
        for (String m : f.macs()) {
            if (m == null || m.isBlank()) continue;
            if (!MacAddress.isValid(m)) throw new KilnException(KilnException.Kind.UNAVAILABLE, "plugin '" + p.name() + "' reported MAC '" + m + "' for "
                    + bmc.address() + ", which is not a MAC address");
            macs.add(MacAddress.canonical(m));
        }
        if (macs.isEmpty()) throw KilnException.invalid(bmc.address() + " reports no MAC address (plugin '" + p.name() + "'): a host needs one to boot");
        String uuid = f.uuid() == null ? null : SystemUuid.tryParse(f.uuid().trim()).filter(u -> !u.isNil()).map(SystemUuid::value).orElse(null);
        if (given == null && inventory.host(name).isPresent()) {
            throw KilnException.conflict("host '" + name + "' already exists (the name comes from the serial number " + f.serial() + " of " + bmc.address()
                    + "; give another with --name)");
        }
        for (String m : macs) {
            inventory.hostByMac(m).ifPresent(o -> {
                throw KilnException.conflict("MAC " + m + " of " + bmc.address() + " already belongs to host '" + o.name() + "'");
            });
        }
        if (uuid != null) {
            inventory.hostByUuid(uuid).ifPresent(o -> {
                throw KilnException.conflict("UUID " + uuid + " of " + bmc.address() + " already belongs to host '" + o.name() + "'");
            });
        }
        Host h = Host.builder(name).macs(macs).uuid(uuid).serial(f.serial()).profile(r.profile()).site(r.site()).role(r.role()).bmc(bmc)
                .vars(r.vars()).build();
        inventory.save(h, Inventory.MUST_NOT_EXIST);
        writeFacts(name, in.hardware());
        LOG.info("Host '{}' registered from BMC {} (plugin '{}'): MACs {}, serial {}", name, bmc.address(), p.name(), String.join(",", macs), f.serial());
        return new BmcAdded(inventory.host(name).orElse(h), p.name(), c.explained().why());
    }

    /** A call that answers nothing, into the plugin serving {@code kind} for the host; returns the plugin's name. */
    private <I> String run(Host h, HardwareKind kind, String operation, Action<I> action) {
        DeployedPlugin p = ready(h, kind);
        @SuppressWarnings("unchecked")
        I hw = (I) kind.type.cast(p.plugin());
        BmcTarget target = target(h, p);
        p.calls().run(h.name(), operation, settings.callTimeout(), () -> {
            action.call(hw, target);
            return null;
        });
        return p.name();
    }

    /** One call that answers nothing. */
    @FunctionalInterface
    private interface Action<I> {
        void call(I hardwareInterface, BmcTarget target) throws Exception;
    }

    /** An absolute http(s) URL, or INVALID naming what it is for. */
    static URI url(String what, String text) {
        try {
            URI u = new URI(text.trim());
            String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
            if ((scheme.equals("http") || scheme.equals("https")) && u.getHost() != null) return u;
        } catch (URISyntaxException e) {
            // said below
        }
        throw KilnException.invalid(what + " '" + text + "' is not an http:// or https:// URL");
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
        return checked(HostBmc.of(h), kind, chooser(h).choose(kind));
    }

    /** The chosen plugin, or the one-line reason it cannot be called (none chosen, or its validate refuses). */
    private static DeployedPlugin checked(HostBmc b, HardwareKind kind, PluginChoice c) {
        String who = b.name().startsWith(PluginCalls.BMC_SUBJECT) ? b.name() : "host '" + b.name() + "'";
        if (c.plugin() == null) {
            throw new KilnException(KilnException.Kind.UNAVAILABLE, who + ": no plugin for " + kind.label + ": " + c.explained().why());
        }
        if (!c.explained().problems().isEmpty()) {
            throw KilnException.invalid(who + ": plugin '" + c.plugin().name() + "' cannot drive its " + kind.label + ": "
                    + String.join("; ", c.explained().problems()));
        }
        return c.plugin();
    }

    /** What one call acts on: the endpoint as this plugin may see it and, when the host names one, its login. */
    private BmcTarget target(Host h, DeployedPlugin p) {
        return new BmcTarget(HostBmc.of(h).endpoint(p), login("host '" + h.name() + "'", h.bmc().credentialRef()));
    }

    /** The stored login {@code ref} names, or null when it names none. */
    private Credentials login(String who, String ref) {
        if (ref == null) return null;
        return credentials.resolve(ref).orElseThrow(() -> KilnException.invalid((who.startsWith(PluginCalls.BMC_SUBJECT) ? "BMC credential '" + ref + "'"
                : who + " names BMC credential '" + ref + "', which") + " is not stored (kiln:credential-set --username USER " + ref + ")"));
    }
}
