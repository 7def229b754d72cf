package io.kiln.plugin.redfish;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kiln.plugin.redfish.internal.ExtendedInfo;
import io.kiln.plugin.redfish.internal.HostSettings;
import io.kiln.plugin.redfish.internal.ResetPlan;
import io.kiln.spi.vendor.BmcEndpoint;
import io.kiln.spi.vendor.BmcTarget;
import io.kiln.spi.vendor.BootInterface;
import io.kiln.spi.vendor.BootTarget;
import io.kiln.spi.vendor.Claim;
import io.kiln.spi.vendor.FirmwareComponent;
import io.kiln.spi.vendor.FirmwareInterface;
import io.kiln.spi.vendor.HardwareFacts;
import io.kiln.spi.vendor.InspectionInterface;
import io.kiln.spi.vendor.PciDevice;
import io.kiln.spi.vendor.PluginException;
import io.kiln.spi.vendor.PowerAction;
import io.kiln.spi.vendor.PowerInterface;
import io.kiln.spi.vendor.PowerState;
import io.kiln.spi.vendor.UpdateProgress;
import io.kiln.spi.vendor.VendorPlugin;
import io.kiln.spi.vendor.VirtualMediaInterface;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Hashtable;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;

/**
 * A complete Redfish plugin over one set of {@link RedfishQuirks}: power through {@code ComputerSystem.Reset}, the
 * one-time or persistent boot override, the CD-type virtual media, firmware inventory and updates through the
 * UpdateService, and inspection. The generic {@code redfish} plugin is one with {@link RedfishQuirks#generic()}; a
 * vendor bundle makes one with its quirks and registers it from its DS component ({@link #register}).
 */
public final class RedfishPlugin implements VendorPlugin, PowerInterface, BootInterface, VirtualMediaInterface, FirmwareInterface,
        InspectionInterface, AutoCloseable {
    private static final Duration POLL = Duration.ofMillis(300);
    private final RedfishQuirks quirks;
    private final Pattern vendor;
    private final Map<String, BmcConnection> connections = new ConcurrentHashMap<>();

    public RedfishPlugin(RedfishQuirks quirks) {
        this.quirks = quirks;
        this.vendor = quirks.vendorPattern() == null ? null : Pattern.compile(quirks.vendorPattern(), Pattern.CASE_INSENSITIVE);
    }

    /** A registration of a plugin as a {@link VendorPlugin} service; closing it unregisters and logs out. */
    @org.osgi.annotation.versioning.ProviderType
    public interface Registration extends AutoCloseable {
        @Override
        void close();
    }

    /**
     * Registers a plugin over these quirks with the bundle's context (the quirk bundle's, so Kiln shows that bundle as
     * its origin), with {@code kiln.claims} from the quirks. For a quirk bundle's DS component: register in its
     * constructor, close in its {@code @Deactivate}.
     */
    public static Registration register(BundleContext context, RedfishQuirks quirks) {
        RedfishPlugin plugin = new RedfishPlugin(quirks);
        Hashtable<String, Object> props = new Hashtable<>();
        if (!quirks.claims().isEmpty()) props.put("kiln.claims", quirks.claims());
        props.put("kiln.impl", quirks.name());
        ServiceRegistration<VendorPlugin> reg = context.registerService(VendorPlugin.class, plugin, props);
        return () -> {
            try {
                reg.unregister();
            } catch (IllegalStateException e) {
                // already gone with its bundle
            }
            plugin.close();
        };
    }

    public RedfishQuirks quirks() {
        return quirks;
    }

    @Override
    public String name() {
        return quirks.name();
    }

    @Override
    public Claim claim(BmcEndpoint bmc) {
        String a = bmc.address().toLowerCase(Locale.ROOT);
        boolean redfish = a.startsWith("redfish://") || a.startsWith("https://");
        if (vendor == null) {
            if (redfish) return Claim.yes("its address " + bmc.address() + " is a Redfish (redfish:// or https://) address; speaks DMTF Redfish");
            return Claim.no(a.startsWith("http://") ? "plain http:// addresses are served only when the host names the plugin"
                    : "only redfish:// and https:// addresses");
        }
        if (!redfish) return Claim.no("only redfish:// and https:// addresses");
        if (bmc.vendor() == null) return Claim.no("the BMC's manufacturer is not known yet (inspect the host first)");
        if (!vendor.matcher(bmc.vendor()).find()) return Claim.no("BMC manufacturer '" + bmc.vendor() + "' is not /" + quirks.vendorPattern() + "/");
        return Claim.yes("BMC manufacturer '" + bmc.vendor() + "'" + (bmc.product() == null ? "" : " (" + bmc.product() + ")")
                + " matches /" + quirks.vendorPattern() + "/ at a Redfish address");
    }

    @Override
    public Map<String, String> hostProperties() {
        return HostSettings.PROPERTIES;
    }

    @Override
    public List<String> validate(BmcEndpoint bmc) {
        return HostSettings.problems(bmc);
    }

    /** Logs out of every BMC session this plugin holds. */
    @Override
    public void close() {
        for (BmcConnection c : connections.values()) c.logout();
        connections.clear();
    }

    /** A client for one call to this target's BMC (its session and trust are kept between calls). */
    public RedfishClient client(BmcTarget target) throws PluginException {
        HostSettings s;
        try {
            s = HostSettings.of(target.endpoint());
        } catch (IllegalArgumentException e) {
            throw new PluginException(e.getMessage());
        }
        String user = target.credentials() == null ? null : target.credentials().username();
        String key = BmcConnection.key(s, user);
        BmcConnection c = connections.get(key);
        if (c == null) {
            try {
                c = new BmcConnection(s);
            } catch (GeneralSecurityException | IOException e) {
                throw new PluginException("cannot set up TLS for BMC " + s.base() + ": " + e.getMessage());
            }
            BmcConnection raced = connections.putIfAbsent(key, c);
            if (raced != null) c = raced;
        }
        return new RedfishClient(c, target.credentials(), quirks);
    }

    private static BmcConnection connection(RedfishClient c) {
        return c.connection();
    }

    // ---- the system

    /** The ComputerSystem's path: {@code redfish.systemId}, else the only member of /redfish/v1/Systems. */
    String systemPath(RedfishClient c, BmcTarget target) throws PluginException {
        HostSettings s = HostSettings.of(target.endpoint());
        if (s.systemId() != null) return "/redfish/v1/Systems/" + s.systemId();
        BmcConnection b = connection(c);
        if (b.systemPath() != null) return b.systemPath();
        List<String> members = members(c, "/redfish/v1/Systems");
        if (members.size() != 1) {
            throw new PluginException("BMC " + c.base() + " has " + members.size() + " systems " + members + ": set " + HostSettings.SYSTEM_ID
                    + " to the Id of the one to drive");
        }
        b.systemPath(members.get(0));
        return members.get(0);
    }

    static List<String> members(RedfishClient c, String collection) throws PluginException {
        List<String> out = new ArrayList<>();
        for (JsonNode m : c.getJson(collection).path("Members")) if (m.path("@odata.id").isTextual()) out.add(m.path("@odata.id").asText());
        return out;
    }

    static String link(JsonNode n) {
        JsonNode id = n.path("@odata.id");
        return id.isTextual() ? id.asText() : null;
    }

    // ---- power

    @Override
    public PowerState powerState(BmcTarget target) throws PluginException {
        RedfishClient c = client(target);
        return ResetPlan.state(c.getJson(systemPath(c, target)).path("PowerState").asText(null));
    }

    @Override
    public void power(BmcTarget target, PowerAction action) throws PluginException {
        RedfishClient c = client(target);
        String path = systemPath(c, target);
        JsonNode sys = c.getJson(path);
        PowerState now = ResetPlan.state(sys.path("PowerState").asText(null));
        if (ResetPlan.alreadyThere(action, now)) return;
        PowerAction act = ResetPlan.effective(action, now);
        JsonNode reset = sys.path("Actions").path("#ComputerSystem.Reset");
        String resetTarget = reset.path("target").asText(path + "/Actions/ComputerSystem.Reset");
        List<String> allowable = allowableResetTypes(c, reset);
        List<String> candidates = ResetPlan.candidates(quirks.resetTypes().get(act), allowable);
        if (candidates.isEmpty()) {
            throw new PluginException("BMC " + c.base() + " offers none of the reset types " + quirks.resetTypes().get(act) + " for " + act
                    + " (it allows " + allowable + ")");
        }
        Duration wait = HostSettings.of(target.endpoint()).powerWait();
        // 0: return once the BMC took the reset; a ForceOff+On cycle still has to see Off before its On
        Instant deadline = Instant.now().plus(wait.isZero() ? Duration.ofSeconds(HostSettings.DEFAULT_POWER_WAIT) : wait);
        List<String> refusals = new ArrayList<>();
        boolean done = false;
        for (String type : candidates) {
            try {
                if (type.equals(ResetPlan.FORCE_OFF_THEN_ON)) {
                    reset(c, resetTarget, "ForceOff");
                    waitFor(c, path, PowerState.OFF, deadline, "ForceOff");
                    reset(c, resetTarget, allowable == null || allowable.contains("On") ? "On" : "ForceOn");
                } else {
                    reset(c, resetTarget, type);
                }
                done = true;
                break;
            } catch (Refused r) {
                refusals.add(type + ": " + r.getMessage());
            }
        }
        if (!done) throw new PluginException("BMC " + c.base() + " refused every reset type for " + act + ": " + String.join("; ", refusals));
        if (!wait.isZero()) waitFor(c, path, ResetPlan.target(act), deadline, act.toString());
    }

    /** A reset type the BMC refused (4xx other than 401/412): the next candidate is tried. */
    private static final class Refused extends Exception {
        private static final long serialVersionUID = 1L;

        Refused(String m) {
            super(m, null, false, false);
        }
    }

    private static void reset(RedfishClient c, String target, String type) throws PluginException, Refused {
        RedfishClient.Response r = c.postJson(target, RedfishClient.JSON.createObjectNode().put("ResetType", type));
        if (r.ok()) return;
        if (r.status() >= 400 && r.status() < 500) {
            String said = ExtendedInfo.describe(r.infos());
            throw new Refused(r.status() + (said == null ? "" : " " + said));
        }
        throw c.refused(r, "POST", target);
    }

    private static List<String> allowableResetTypes(RedfishClient c, JsonNode reset) throws PluginException {
        JsonNode values = reset.path("ResetType@Redfish.AllowableValues");
        if (!values.isArray() && reset.path("@Redfish.ActionInfo").isTextual()) {
            for (JsonNode p : c.getJson(reset.path("@Redfish.ActionInfo").asText()).path("Parameters")) {
                if (p.path("Name").asText().equals("ResetType")) values = p.path("AllowableValues");
            }
        }
        if (!values.isArray()) return null;
        List<String> out = new ArrayList<>();
        values.forEach(v -> out.add(v.asText()));
        return out;
    }

    private static void waitFor(RedfishClient c, String path, PowerState want, Instant deadline, String asked) throws PluginException {
        PowerState now;
        while (true) {
            now = ResetPlan.state(c.getJson(path).path("PowerState").asText(null));
            if (now == want) return;
            if (!Instant.now().isBefore(deadline)) break;
            RedfishClient.pause(POLL);
        }
        throw new PluginException("BMC " + c.base() + " accepted " + asked + " but the server's PowerState is still " + now + ", not " + want
                + " (waited " + HostSettings.POWER_WAIT + ")", true, null);
    }

    // ---- boot

    @Override
    public void setBootDevice(BmcTarget target, BootTarget boot) throws PluginException {
        if (quirks.bootLeftAlone().contains(boot.device())) return; // the firmware's own boot order does it (quirks)
        RedfishClient c = client(target);
        String path = systemPath(c, target);
        JsonNode sys = c.getJson(path);
        String name = quirks.bootTargets().get(boot.device());
        if (name == null) throw new PluginException("plugin " + name() + " knows no Redfish boot target for " + boot.device());
        JsonNode current = sys.path("Boot");
        JsonNode allowed = current.path("BootSourceOverrideTarget@Redfish.AllowableValues");
        if (allowed.isArray()) {
            List<String> offered = new ArrayList<>();
            allowed.forEach(v -> offered.add(v.asText()));
            if (!offered.contains(name)) {
                throw new PluginException("BMC " + c.base() + " does not offer boot target " + name + " for " + boot.device() + " (it offers " + offered + ")");
            }
        }
        ObjectNode body = RedfishClient.JSON.createObjectNode();
        ObjectNode b = body.putObject("Boot");
        b.put("BootSourceOverrideTarget", name);
        b.put("BootSourceOverrideEnabled", boot.persistent() ? "Continuous" : "Once");
        if (quirks.bootOverrideMode() != null && current.has("BootSourceOverrideMode")) b.put("BootSourceOverrideMode", quirks.bootOverrideMode());
        if (boot.url() != null) b.put("HttpBootUri", boot.url().toString());
        String settings = link(sys.path("@Redfish.Settings").path("SettingsObject"));
        if (quirks.preferSettingsObject() && settings != null) {
            c.require(c.patchJson(settings, body), "PATCH", settings);
            return;
        }
        RedfishClient.Response r = c.patchJson(path, body);
        if (r.ok()) return;
        if (settings != null && r.status() >= 400 && r.status() < 500 && r.status() != 401) {
            // the system takes its boot settings through its settings object (applied at the next reset)
            c.require(c.patchJson(settings, body), "PATCH", settings);
            return;
        }
        throw c.refused(r, "PATCH", path);
    }

    // ---- virtual media

    /** The CD-type virtual media's path and resource. */
    record Media(String path, JsonNode resource) {
    }

    Media cd(RedfishClient c, BmcTarget target) throws PluginException {
        HostSettings s = HostSettings.of(target.endpoint());
        Pattern mediaId = quirks.mediaIdPattern() == null ? null : Pattern.compile(quirks.mediaIdPattern());
        List<String> looked = new ArrayList<>();
        for (String root : quirks.virtualMediaRoots()) {
            Set<String> owners = new LinkedHashSet<>();
            if (root.equals("Systems")) {
                owners.add(systemPath(c, target));
            } else if (s.managerId() != null) {
                owners.add("/redfish/v1/Managers/" + s.managerId());
            } else {
                for (JsonNode m : c.getJson(systemPath(c, target)).path("Links").path("ManagedBy")) if (link(m) != null) owners.add(link(m));
                owners.addAll(members(c, "/redfish/v1/Managers"));
            }
            for (String owner : owners) {
                String collection = link(c.getJson(owner).path("VirtualMedia"));
                looked.add(owner + "/VirtualMedia");
                if (collection == null) continue;
                for (String m : members(c, collection)) {
                    if (mediaId != null && !mediaId.matcher(lastSegment(m)).matches()) continue;
                    JsonNode vm = c.getJson(m);
                    for (JsonNode t : vm.path("MediaTypes")) {
                        if (t.asText().equals("CD") || t.asText().equals("DVD")) return new Media(m, vm);
                    }
                }
            }
        }
        throw new PluginException("BMC " + c.base() + " has no CD-type virtual media" + (mediaId == null ? "" : " with an Id matching "
                + mediaId) + " (looked under " + String.join(", ", looked) + ")");
    }

    /** The last segment of a path: its Id ({@code /a/b/EXT1/} gives {@code EXT1}). */
    static String lastSegment(String path) {
        String p = path.replaceAll("/+$", "");
        return p.substring(p.lastIndexOf('/') + 1);
    }

    /** The target of the first of these actions the media offers, or null. */
    static String action(JsonNode media, List<String> names) {
        for (String name : names) {
            JsonNode n = name.contains("/") ? media : media.path("Actions");
            for (String step : name.split("/")) n = n.path(step);
            if (n.path("target").isTextual()) return n.path("target").asText();
        }
        return null;
    }

    @Override
    public void insertMedia(BmcTarget target, URI image) throws PluginException {
        RedfishClient c = client(target);
        Media vm = cd(c, target);
        if (inserted(vm.resource())) {
            if (image.toString().equals(vm.resource().path("Image").asText(null))) return;
            eject(c, vm);
        }
        String insert = action(vm.resource(), quirks.insertMediaActions());
        if (insert != null) {
            ObjectNode body = RedfishClient.JSON.createObjectNode().put("Image", image.toString());
            if (!quirks.mediaImageOnly() && !insert.contains("/Oem/")) body.put("Inserted", true).put("WriteProtected", true);
            RedfishClient.Response r = c.postJson(insert, body);
            if (r.ok()) return;
            if (r.status() != 404 && r.status() != 405 && r.status() != 501) throw c.refused(r, "POST", insert);
        }
        // older BMCs (Redfish VirtualMedia before 1.2): PATCH the media itself
        ObjectNode body = RedfishClient.JSON.createObjectNode().put("Image", image.toString()).put("Inserted", true);
        c.require(c.patchJson(vm.path(), body), "PATCH", vm.path());
    }

    @Override
    public void ejectMedia(BmcTarget target) throws PluginException {
        RedfishClient c = client(target);
        Media vm = cd(c, target);
        if (!inserted(vm.resource())) return;
        eject(c, vm);
    }

    /**
     * Whether media is in: {@code Inserted} when the BMC reports it, else a non-empty {@code Image}; media
     * {@code ConnectedVia NotConnected} is not (Supermicro keeps the old image's name after an eject: ansible
     * community.general PR #12537).
     */
    static boolean inserted(JsonNode vm) {
        if (vm.path("ConnectedVia").asText("").equals("NotConnected")) return false;
        if (vm.path("Inserted").isBoolean()) return vm.path("Inserted").asBoolean();
        return !vm.path("Image").asText("").isEmpty();
    }

    private void eject(RedfishClient c, Media vm) throws PluginException {
        String eject = action(vm.resource(), quirks.ejectMediaActions());
        if (eject != null) {
            RedfishClient.Response r = c.postJson(eject, RedfishClient.JSON.createObjectNode());
            if (r.ok()) return;
            if (r.status() != 404 && r.status() != 405 && r.status() != 501) throw c.refused(r, "POST", eject);
        }
        ObjectNode body = RedfishClient.JSON.createObjectNode().putNull("Image").put("Inserted", false);
        c.require(c.patchJson(vm.path(), body), "PATCH", vm.path());
    }

    // ---- firmware

    private static final String UPDATE_SERVICE = "/redfish/v1/UpdateService";

    @Override
    public List<FirmwareComponent> firmware(BmcTarget target) throws PluginException {
        RedfishClient c = client(target);
        String inventory = link(c.getJson(UPDATE_SERVICE).path("FirmwareInventory"));
        if (inventory == null) throw new PluginException("BMC " + c.base() + " has no UpdateService/FirmwareInventory");
        List<FirmwareComponent> out = new ArrayList<>();
        for (String m : members(c, inventory)) {
            JsonNode f = c.getJson(m);
            String id = f.path("Id").asText(lastSegment(m));
            out.add(new FirmwareComponent(id, f.path("Name").asText(id), f.path("Version").asText(""), f.path("Updateable").asBoolean(false)));
        }
        return out;
    }

    @Override
    public UpdateProgress update(BmcTarget target, URI image, boolean push) throws PluginException {
        RedfishClient c = client(target);
        JsonNode service = c.getJson(UPDATE_SERVICE);
        RedfishClient.Response r;
        String what;
        if (!push) {
            String action = service.path("Actions").path("#UpdateService.SimpleUpdate").path("target").asText(null);
            if (action == null) throw new PluginException("BMC " + c.base() + " offers no UpdateService.SimpleUpdate (try push)");
            ObjectNode body = RedfishClient.JSON.createObjectNode().put("ImageURI", image.toString());
            if (quirks.transferProtocol()) body.put("TransferProtocol", image.getScheme() == null ? "HTTP" : image.getScheme().toUpperCase(Locale.ROOT));
            r = c.postJson(action, body);
            what = "SimpleUpdate";
            if (!r.ok()) throw c.refused(r, "POST", action);
        } else {
            r = push(c, service, image);
            what = "the pushed image";
        }
        String task = r.header("Location");
        if (task == null) task = link(r.body());
        if (task == null || !task.contains("/")) {
            return new UpdateProgress(what, UpdateProgress.State.DONE, 100, "the BMC took " + what + " without a task (" + r.status() + ")");
        }
        task = c.uri(task).getRawPath();
        UpdateProgress first = r.body().has("TaskState") ? task(task, r.body()) : new UpdateProgress(task, UpdateProgress.State.RUNNING, -1,
                "the BMC accepted " + what + " (" + r.status() + ")");
        connection(c).polls.put(task, new BmcConnection.Poll(first, notBefore(r)));
        return first;
    }

    /** Downloads the image Kiln serves and sends it to MultipartHttpPushUri (else HttpPushUri). */
    private RedfishClient.Response push(RedfishClient c, JsonNode service, URI image) throws PluginException {
        String multipart = service.path("MultipartHttpPushUri").asText(null);
        String plain = service.path("HttpPushUri").asText(null);
        if (multipart == null && plain == null) throw new PluginException("BMC " + c.base() + " offers neither MultipartHttpPushUri nor HttpPushUri (try pull)");
        Path file = null;
        try {
            file = Files.createTempFile("kiln-redfish-", ".img");
            download(image, file);
            String filename = image.getPath() == null || image.getPath().endsWith("/") ? "image.bin" : image.getPath().substring(image.getPath().lastIndexOf('/') + 1);
            Duration upload = Duration.ofMinutes(10);
            Path f = file;
            if (multipart != null) {
                String boundary = "kiln-" + UUID.randomUUID();
                String params = "{\"Targets\":[],\"@Redfish.OperationApplyTime\":\"Immediate\"}";
                byte[] head = ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"UpdateParameters\"\r\nContent-Type: application/json\r\n\r\n"
                        + params + "\r\n--" + boundary + "\r\nContent-Disposition: form-data; name=\"UpdateFile\"; filename=\"" + filename.replace("\"", "")
                        + "\"\r\nContent-Type: application/octet-stream\r\n\r\n").getBytes(StandardCharsets.UTF_8);
                byte[] tail = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8);
                RedfishClient.Response r = c.exchange("POST", multipart, () -> {
                    try {
                        return HttpRequest.BodyPublishers.concat(HttpRequest.BodyPublishers.ofByteArray(head), HttpRequest.BodyPublishers.ofFile(f),
                                HttpRequest.BodyPublishers.ofByteArray(tail));
                    } catch (java.io.FileNotFoundException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                }, "multipart/form-data; boundary=" + boundary, Map.of(), upload, true);
                return c.require(r, "POST", multipart);
            }
            RedfishClient.Response r = c.exchange("POST", plain, () -> {
                try {
                    return HttpRequest.BodyPublishers.ofFile(f);
                } catch (java.io.FileNotFoundException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }, "application/octet-stream", Map.of(), upload, true);
            return c.require(r, "POST", plain);
        } catch (IOException e) {
            throw new PluginException("cannot stage the firmware image " + image + ": " + e.getMessage(), true, e);
        } finally {
            if (file != null) {
                try {
                    Files.deleteIfExists(file);
                } catch (IOException e) {
                    // a temp file left behind
                }
            }
        }
    }

    private static void download(URI image, Path to) throws PluginException, IOException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).followRedirects(HttpClient.Redirect.NORMAL).build();
        try {
            HttpResponse<InputStream> r = http.send(HttpRequest.newBuilder(image).timeout(Duration.ofMinutes(10)).GET().build(), HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream in = r.body()) {
                if (r.statusCode() != 200) throw new PluginException("cannot fetch the firmware image " + image + ": HTTP " + r.statusCode());
                Files.copy(in, to, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PluginException("interrupted while fetching " + image, true, e);
        }
    }

    @Override
    public UpdateProgress progress(BmcTarget target, String taskId) throws PluginException {
        RedfishClient c = client(target);
        BmcConnection b = connection(c);
        BmcConnection.Poll last = b.polls.get(taskId);
        if (last != null && Instant.now().isBefore(last.notBefore())) return last.last(); // the BMC asked us to wait (Retry-After)
        if (last != null && last.last().state() != UpdateProgress.State.RUNNING) return last.last();
        RedfishClient.Response r = c.send("GET", taskId, null, Map.of());
        if (r.status() == 404) throw new PluginException("BMC " + c.base() + " has no task " + taskId);
        UpdateProgress p;
        if (!r.ok()) {
            // a task monitor answers the finished operation's own response: an error means the update failed
            String said = ExtendedInfo.describe(r.infos());
            p = new UpdateProgress(taskId, UpdateProgress.State.FAILED, -1, "the BMC answered " + r.status() + (said == null ? "" : ": " + said));
        } else if (r.body().has("TaskState")) p = task(taskId, r.body());
        else if (r.status() == 202) p = new UpdateProgress(taskId, UpdateProgress.State.RUNNING, -1, "running");
        else p = new UpdateProgress(taskId, UpdateProgress.State.DONE, 100, "completed (" + r.status() + ")");
        b.polls.put(taskId, new BmcConnection.Poll(p, notBefore(r)));
        return p;
    }

    private static Instant notBefore(RedfishClient.Response r) {
        Duration d = io.kiln.plugin.redfish.internal.Retries.retryAfter(r.header("Retry-After"), Instant.now());
        return d == null ? Instant.MIN : Instant.now().plus(d);
    }

    /** A Task resource as progress. */
    static UpdateProgress task(String id, JsonNode t) {
        String state = t.path("TaskState").asText("");
        UpdateProgress.State s = switch (state) {
            case "Completed" -> t.path("TaskStatus").asText("OK").equals("Critical") ? UpdateProgress.State.FAILED : UpdateProgress.State.DONE;
            case "Exception", "Killed", "Cancelled", "Interrupted" -> UpdateProgress.State.FAILED;
            default -> UpdateProgress.State.RUNNING;
        };
        int percent = t.path("PercentComplete").isNumber() ? Math.max(0, Math.min(100, t.path("PercentComplete").asInt())) : -1;
        List<String> messages = new ArrayList<>();
        for (JsonNode m : t.path("Messages")) {
            String text = m.path("Message").asText(m.path("MessageId").asText(""));
            if (!text.isBlank()) messages.add(text);
        }
        String message = messages.isEmpty() ? state : String.join("; ", messages);
        return new UpdateProgress(id, s, percent, message);
    }

    // ---- inspection

    @Override
    public HardwareFacts inspect(BmcTarget target) throws PluginException {
        RedfishClient c = client(target);
        String path = systemPath(c, target);
        JsonNode sys = c.getJson(path);
        String serial = text(sys.path("SerialNumber"));
        if (serial == null) {
            for (JsonNode ch : sys.path("Links").path("Chassis")) {
                if (serial == null && link(ch) != null) serial = text(c.getJson(link(ch)).path("SerialNumber"));
            }
        }
        Set<String> macs = new LinkedHashSet<>();
        String nics = link(sys.path("EthernetInterfaces"));
        if (nics != null) {
            for (String m : members(c, nics)) {
                JsonNode nic = c.getJson(m);
                String mac = text(nic.path("PermanentMACAddress"));
                if (mac == null || mac.equals("00:00:00:00:00:00")) mac = text(nic.path("MACAddress"));
                if (mac != null && mac.matches("(?i)([0-9a-f]{2}[:-]){5}[0-9a-f]{2}")) macs.add(mac.toLowerCase(Locale.ROOT).replace('-', ':'));
            }
        }
        List<PciDevice> pci = new ArrayList<>();
        for (JsonNode d : sys.path("PCIeDevices")) if (link(d) != null) pci.addAll(pcie(c, link(d)));
        List<String> disks = disks(c, sys);
        JsonNode gib = sys.path("MemorySummary").path("TotalSystemMemoryGiB");
        long memory = gib.isNumber() ? Math.round(gib.asDouble() * (1L << 30)) : -1;
        return new HardwareFacts(text(sys.path("Manufacturer")), text(sys.path("Model")), serial, text(sys.path("UUID")), List.copyOf(macs), pci,
                disks, memory);
    }

    private static List<PciDevice> pcie(RedfishClient c, String devicePath) throws PluginException {
        JsonNode dev = c.getJson(devicePath);
        List<String> functions = new ArrayList<>();
        String collection = link(dev.path("PCIeFunctions"));
        if (collection != null) functions.addAll(members(c, collection));
        for (JsonNode f : dev.path("Links").path("PCIeFunctions")) if (link(f) != null) functions.add(link(f));
        List<PciDevice> out = new ArrayList<>();
        for (String f : functions) {
            JsonNode fn = c.getJson(f);
            try {
                String cls = text(fn.path("ClassCode"));
                if (cls != null) cls = cls.toLowerCase(Locale.ROOT).replaceFirst("^0x", "");
                out.add(new PciDevice(text(fn.path("VendorId")), text(fn.path("DeviceId")), hex(text(fn.path("SubsystemVendorId"))),
                        hex(text(fn.path("SubsystemId"))), cls != null && cls.matches("[0-9a-f]{6}") ? cls : null, text(dev.path("Id")),
                        text(dev.path("Name"))));
            } catch (IllegalArgumentException e) {
                // a function without valid ids says nothing Kiln can use
            }
        }
        return out;
    }

    private static String hex(String v) {
        if (v == null) return null;
        String h = v.toLowerCase(Locale.ROOT).replaceFirst("^0x", "");
        return h.matches("[0-9a-f]{4}") ? h : null;
    }

    private static List<String> disks(RedfishClient c, JsonNode sys) throws PluginException {
        List<String> out = new ArrayList<>();
        String storage = link(sys.path("Storage"));
        if (storage != null) {
            for (String s : members(c, storage)) {
                for (JsonNode d : c.getJson(s).path("Drives")) {
                    if (link(d) == null) continue;
                    JsonNode drive = c.getJson(link(d));
                    out.add(disk(drive.path("Name").asText(drive.path("Id").asText("drive")), drive.path("CapacityBytes")));
                }
            }
        }
        String simple = link(sys.path("SimpleStorage"));
        if (out.isEmpty() && simple != null) {
            for (String s : members(c, simple)) {
                for (JsonNode d : c.getJson(s).path("Devices")) {
                    if (d.path("Status").path("State").asText("").equals("Absent")) continue;
                    out.add(disk(d.path("Name").asText("disk"), d.path("CapacityBytes")));
                }
            }
        }
        return out;
    }

    static String disk(String name, JsonNode bytes) {
        if (!bytes.isNumber()) return name;
        double b = bytes.asDouble();
        String[] units = {"B", "KB", "MB", "GB", "TB", "PB"};
        int u = 0;
        while (b >= 1000 && u < units.length - 1) {
            b /= 1000;
            u++;
        }
        String n = b == Math.rint(b) ? String.valueOf((long) b) : String.format(Locale.ROOT, "%.1f", b);
        return name + ": " + n + " " + units[u];
    }

    private static String text(JsonNode n) {
        return n.isTextual() && !n.asText().isBlank() ? n.asText().trim() : null;
    }
}
