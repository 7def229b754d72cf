package io.kiln.redfish.testservice;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The BMC behind {@link RedfishTestService}: the mockup's resources held in memory, the behaviour the Redfish
 * specification (DSP0266) gives them, and the faults asked for. Every state change happens under {@link #lock}.
 */
final class Bmc implements HttpHandler {

    static final String ROOT = "/redfish/v1";
    static final String SYSTEM = ROOT + "/Systems/437XR1138R2";
    static final String SETTINGS = SYSTEM + "/Settings";
    static final String RESET = SYSTEM + "/Actions/ComputerSystem.Reset";
    static final String MANAGER = ROOT + "/Managers/BMC";
    static final String MANAGER_RESET = MANAGER + "/Actions/Manager.Reset";
    static final String VIRTUAL_MEDIA = MANAGER + "/VirtualMedia";
    static final String SESSION_SERVICE = ROOT + "/SessionService";
    static final String SESSIONS = SESSION_SERVICE + "/Sessions";
    static final String TASKS = ROOT + "/TaskService/Tasks";
    static final String MONITORS = ROOT + "/TaskService/TaskMonitors";
    static final String UPDATE = ROOT + "/UpdateService";
    static final String SIMPLE_UPDATE = UPDATE + "/Actions/SimpleUpdate";
    static final String SIMPLE_UPDATE_ALT = UPDATE + "/Actions/UpdateService.SimpleUpdate";
    static final String MULTIPART_PUSH = UPDATE + "/MultipartUpload";
    static final String HTTP_PUSH = UPDATE + "/HttpPushUpload";
    static final String FIRMWARE = UPDATE + "/FirmwareInventory";

    private static final Set<String> BOOT_WRITABLE = Set.of("BootSourceOverrideTarget", "BootSourceOverrideEnabled",
            "BootSourceOverrideMode", "HttpBootUri", "UefiTargetBootSourceOverride");
    private static final Set<String> MEDIA_WRITABLE = Set.of("Image", "Inserted", "WriteProtected",
            "TransferProtocolType", "TransferMethod", "UserName", "Password");
    private static final Pattern MEDIA = Pattern.compile(Pattern.quote(VIRTUAL_MEDIA) + "/([^/]+)");
    private static final Pattern MEDIA_ACTION =
            Pattern.compile(Pattern.quote(VIRTUAL_MEDIA) + "/([^/]+)/Actions/VirtualMedia\\.(InsertMedia|EjectMedia)");
    private static final Pattern LAST_NUMBER = Pattern.compile("(\\d+)(?!.*\\d)");

    final Object lock = new Object();
    final ObjectMapper json = new ObjectMapper();
    final Faults faults = new Faults();

    private final Map<String, ObjectNode> store = new TreeMap<>();
    private final Map<String, Session> sessions = new LinkedHashMap<>();
    private final Map<String, Task> tasks = new LinkedHashMap<>();
    private final List<RecordedRequest> requests = new ArrayList<>();
    private final List<UpdateImage> images = new ArrayList<>();
    private final ObjectNode pendingBoot = json.createObjectNode();
    /** Action targets the mockup advertises that this service does not implement (answered ActionNotSupported). */
    private final Set<String> otherActions = new java.util.HashSet<>();
    private final SecureRandom random = new SecureRandom();
    private final String user;
    private final String password;
    private final Duration sessionTimeout;
    private final Duration powerTransition;
    private final Duration taskDuration;
    private final Clock clock;
    private final ScheduledExecutorService scheduler;
    private final HttpClient puller = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
            .followRedirects(HttpClient.Redirect.NORMAL).build();
    private long powerGeneration;
    private int nextSession = 1;
    private int nextTask = 1000;

    private static final class Session {
        final String id;
        final String token;
        final String user;
        long lastUsed;

        Session(String id, String token, String user, long lastUsed) {
            this.id = id;
            this.token = token;
            this.user = user;
            this.lastUsed = lastUsed;
        }
    }

    private static final class Task {
        final String id;
        final String path;
        final String monitor;

        Task(String id) {
            this.id = id;
            this.path = TASKS + "/" + id;
            this.monitor = MONITORS + "/" + id;
        }
    }

    /** An answer: status, extra headers, and a JSON body (or none). */
    private record Answer(int status, Map<String, String> headers, JsonNode body) {
        static Answer of(int status, JsonNode body) {
            return new Answer(status, new LinkedHashMap<>(), body);
        }

        Answer header(String name, String value) {
            headers.put(name, value);
            return this;
        }
    }

    /** What a request carried: method, normalised path, body, credentials. */
    private record Request(String method, String path, byte[] body, String contentType, RecordedRequest.Auth auth,
                           String ifMatch, String ifNoneMatch, HttpExchange exchange) {
        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    Bmc(Path mockup, String user, String password, Duration sessionTimeout, Duration powerTransition,
        Duration taskDuration, Clock clock, ScheduledExecutorService scheduler) throws IOException {
        this.user = user;
        this.password = password;
        this.sessionTimeout = sessionTimeout;
        this.powerTransition = powerTransition;
        this.taskDuration = taskDuration;
        this.clock = clock;
        this.scheduler = scheduler;
        load(mockup);
        adapt();
    }

    // ---------------------------------------------------------------- the mockup, and what it needs in memory

    /** Mockups already read (tests start many services on the same one), never changed: each service copies. */
    private static final Map<Path, Map<String, ObjectNode>> MOCKUPS = new java.util.concurrent.ConcurrentHashMap<>();

    private void load(Path mockup) throws IOException {
        if (!Files.isRegularFile(mockup.resolve("index.json"))) {
            throw new IOException("not a Redfish mockup (no index.json): " + mockup.toAbsolutePath());
        }
        Path key = mockup.toAbsolutePath().normalize();
        Map<String, ObjectNode> pristine = MOCKUPS.get(key);
        if (pristine == null) {
            pristine = new TreeMap<>();
            try (Stream<Path> files = Files.walk(mockup)) {
                for (Path f : (Iterable<Path>) files.filter(p -> p.getFileName().toString().equals("index.json"))::iterator) {
                    String rel = mockup.relativize(f.getParent()).toString().replace('\\', '/');
                    JsonNode node = json.readTree(f.toFile());
                    if (node instanceof ObjectNode o) {
                        pristine.put(rel.isEmpty() ? ROOT : ROOT + "/" + rel, o);
                    }
                }
            }
            MOCKUPS.put(key, pristine);
        }
        pristine.forEach((k, v) -> store.put(k, v.deepCopy()));
        for (String required : List.of(ROOT, SYSTEM, MANAGER, SESSION_SERVICE, UPDATE, FIRMWARE)) {
            if (!store.containsKey(required)) {
                throw new IOException("the mockup has no " + required + ": " + mockup.toAbsolutePath());
            }
        }
    }

    /** Adjusts the mockup (in memory) to what this service serves and implements. */
    private void adapt() {
        // virtual media: DMTF's rackmount mockup has it under the system; BMCs (and clients) look under the manager
        String oldMedia = SYSTEM + "/VirtualMedia";
        if (store.keySet().stream().anyMatch(k -> k.startsWith(oldMedia)) && !store.containsKey(VIRTUAL_MEDIA)) {
            for (String k : new ArrayList<>(store.keySet())) {
                if (k.equals(oldMedia) || k.startsWith(oldMedia + "/")) {
                    store.put(VIRTUAL_MEDIA + k.substring(oldMedia.length()), store.remove(k));
                }
            }
            for (ObjectNode n : store.values()) {
                replaceStrings(n, oldMedia, VIRTUAL_MEDIA);
            }
            system().remove("VirtualMedia");
        }
        if (store.containsKey(VIRTUAL_MEDIA)) {
            store.get(MANAGER).putObject("VirtualMedia").put("@odata.id", VIRTUAL_MEDIA);
        }
        for (Map.Entry<String, ObjectNode> e : store.entrySet()) {
            Matcher m = MEDIA.matcher(e.getKey());
            if (m.matches()) {
                ObjectNode vm = e.getValue();
                vm.putNull("Image");
                vm.putNull("ImageName");
                vm.put("Inserted", false);
                vm.put("WriteProtected", true);
                vm.put("ConnectedVia", "NotConnected");
                vm.putArray("TransferProtocolType@Redfish.AllowableValues").add("HTTP").add("HTTPS");
                ObjectNode actions = vm.putObject("Actions");
                actions.putObject("#VirtualMedia.InsertMedia").put("target", e.getKey() + "/Actions/VirtualMedia.InsertMedia");
                actions.putObject("#VirtualMedia.EjectMedia").put("target", e.getKey() + "/Actions/VirtualMedia.EjectMedia");
            }
        }
        // the system: a machine at rest, no override pending; every Boot value it accepts is advertised
        ObjectNode sys = system();
        sys.put("@odata.id", SYSTEM);
        ObjectNode boot = sys.with("Boot");
        boot.put("BootSourceOverrideEnabled", "Disabled");
        boot.put("BootSourceOverrideTarget", "None");
        boot.put("BootSourceOverrideMode", "UEFI");
        boot.putNull("HttpBootUri");
        addAll(boot.withArray("BootSourceOverrideTarget@Redfish.AllowableValues"), "None", "Pxe", "Cd", "Usb", "Hdd",
                "BiosSetup", "Utilities", "Diags", "UefiShell", "UefiTarget", "SDCard", "UefiHttp");
        addAll(boot.withArray("BootSourceOverrideEnabled@Redfish.AllowableValues"), "Disabled", "Once", "Continuous");
        addAll(boot.withArray("BootSourceOverrideMode@Redfish.AllowableValues"), "Legacy", "UEFI");
        ObjectNode reset = sys.with("Actions").with("#ComputerSystem.Reset");
        reset.put("target", RESET);
        addAll(reset.withArray("ResetType@Redfish.AllowableValues"), "On", "ForceOff", "GracefulShutdown",
                "GracefulRestart", "ForceRestart", "Nmi", "ForceOn", "PushPowerButton", "PowerCycle");
        sys.put("PowerState", "On");
        // sessions: only the ones this service issues
        for (String k : new ArrayList<>(store.keySet())) {
            if (k.startsWith(SESSIONS + "/")) {
                store.remove(k);
            }
        }
        store.get(SESSION_SERVICE).put("SessionTimeout", Math.max(1, sessionTimeout.toSeconds()));
        if (!store.containsKey(SESSIONS)) {
            ObjectNode c = json.createObjectNode();
            c.put("@odata.type", "#SessionCollection.SessionCollection");
            c.put("@odata.id", SESSIONS);
            c.put("Name", "Session Collection");
            store.put(SESSIONS, c);
        }
        store.get(SESSIONS).putArray("Members");
        if (!store.containsKey(TASKS)) {
            ObjectNode c = json.createObjectNode();
            c.put("@odata.type", "#TaskCollection.TaskCollection");
            c.put("@odata.id", TASKS);
            c.put("Name", "Task Collection");
            c.putArray("Members");
            store.put(TASKS, c);
        }
        // updates: SimpleUpdate pulls over HTTP(S); the older octet-stream HttpPushUri (at a path this service
        // serves, not the mockup's /FWUpdate) and MultipartHttpPushUri take the image in the request
        ObjectNode update = store.get(UPDATE);
        update.put("HttpPushUri", HTTP_PUSH);
        update.putArray("HttpPushUriTargets");
        update.put("MultipartHttpPushUri", MULTIPART_PUSH);
        ObjectNode simple = update.with("Actions").with("#UpdateService.SimpleUpdate");
        simple.put("target", SIMPLE_UPDATE);
        simple.putArray("TransferProtocol@Redfish.AllowableValues").add("HTTP").add("HTTPS");
        ObjectNode info = store.get(UPDATE + "/SimpleUpdateActionInfo");
        if (info != null) {
            for (JsonNode p : info.withArray("Parameters")) {
                if ("TransferProtocol".equals(p.path("Name").asText())) {
                    ((ObjectNode) p).putArray("AllowableValues").add("HTTP").add("HTTPS");
                }
            }
        }
        // actions advertised but not implemented are refused by name rather than as unknown resources
        for (ObjectNode n : store.values()) {
            collectTargets(n.get("Actions"));
        }
        otherActions.removeAll(Set.of(RESET, SIMPLE_UPDATE, MANAGER_RESET));
        otherActions.removeIf(t -> MEDIA_ACTION.matcher(t).matches());
        // collections say how many members they have (the mockup's FirmwareInventory says 2 of 3)
        for (ObjectNode n : store.values()) {
            if (n.get("Members") instanceof ArrayNode a) {
                n.put("Members@odata.count", a.size());
            }
        }
    }

    private void collectTargets(JsonNode actions) {
        if (actions == null) {
            return;
        }
        actions.fields().forEachRemaining(e -> {
            if (e.getValue().path("target").isTextual()) {
                otherActions.add(e.getValue().get("target").asText());
            } else if (e.getKey().equals("Oem")) {
                collectTargets(e.getValue());
            }
        });
    }

    private static void addAll(ArrayNode a, String... values) {
        Set<String> have = new java.util.HashSet<>();
        a.forEach(v -> have.add(v.asText()));
        for (String v : values) {
            if (have.add(v)) {
                a.add(v);
            }
        }
    }

    private static void replaceStrings(JsonNode node, String from, String to) {
        if (node instanceof ObjectNode o) {
            for (Iterator<Map.Entry<String, JsonNode>> it = o.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (e.getValue().isTextual() && e.getValue().asText().startsWith(from)) {
                    e.setValue(TextNode.valueOf(to + e.getValue().asText().substring(from.length())));
                } else {
                    replaceStrings(e.getValue(), from, to);
                }
            }
        } else if (node instanceof ArrayNode a) {
            for (int i = 0; i < a.size(); i++) {
                if (a.get(i).isTextual() && a.get(i).asText().startsWith(from)) {
                    a.set(i, TextNode.valueOf(to + a.get(i).asText().substring(from.length())));
                } else {
                    replaceStrings(a.get(i), from, to);
                }
            }
        }
    }

    private ObjectNode system() {
        return store.get(SYSTEM);
    }

    /** The machine behind the power, or null: PowerState is the service's own. */
    private volatile Machine machine;

    void machine(Machine m) {
        this.machine = m;
    }

    /**
     * The system's first NIC reports {@code mac} (its own resource and any that share its address, e.g. a VLAN on it),
     * so a machine behind the power is found by the MAC it really boots with.
     */
    void systemMac(String mac) {
        synchronized (lock) {
            String prefix = SYSTEM + "/EthernetInterfaces/";
            String first = store.keySet().stream().filter(k -> k.startsWith(prefix) && k.indexOf('/', prefix.length()) < 0).sorted()
                    .map(k -> store.get(k).path("PermanentMACAddress").asText()).filter(m -> !m.isEmpty()).findFirst().orElseThrow();
            store.forEach((k, n) -> {
                if (!k.startsWith(prefix)) return;
                for (String f : List.of("PermanentMACAddress", "MACAddress")) {
                    if (n.path(f).asText().equalsIgnoreCase(first)) n.put(f, mac.toUpperCase(Locale.ROOT));
                }
            });
        }
    }

    /** PowerState follows the machine, which may have stopped by itself (shut down, crashed). */
    private void syncMachine() {
        Machine m = machine;
        if (m == null) return;
        synchronized (lock) {
            String now = m.running() ? "On" : "Off";
            if (!now.equals(system().path("PowerState").asText())) system().put("PowerState", now);
        }
    }

    /**
     * A reset reaches the machine: off stops it; on starts it (a restart stops it first) with the boot override and
     * media in force, and a Once override is used up by that boot, as BMCs do.
     */
    private void resetMachine(String type, String target) {
        Machine m = machine;
        if (m == null || type.equals("Nmi")) return;
        boolean restart = type.equals("ForceRestart") || type.equals("GracefulRestart") || type.equals("PowerCycle");
        if (target.equals("Off")) {
            m.powerOff();
        } else if (restart || !m.running()) {
            m.powerOff();
            m.powerOn(bootOverride(), virtualMedia());
            if ("Once".equals(system().path("Boot").path("BootSourceOverrideEnabled").asText())) {
                system().with("Boot").put("BootSourceOverrideEnabled", "Disabled");
            }
        }
    }

    // ---------------------------------------------------------------- state, as the test API reads it

    String powerState() {
        syncMachine();
        synchronized (lock) {
            return system().path("PowerState").asText();
        }
    }

    BootOverride bootOverride() {
        synchronized (lock) {
            JsonNode b = system().path("Boot");
            return new BootOverride(text(b, "BootSourceOverrideTarget"), text(b, "BootSourceOverrideEnabled"),
                    text(b, "BootSourceOverrideMode"), text(b, "HttpBootUri"));
        }
    }

    Map<String, String> virtualMedia() {
        synchronized (lock) {
            Map<String, String> out = new TreeMap<>();
            store.forEach((k, v) -> {
                Matcher m = MEDIA.matcher(k);
                if (m.matches()) {
                    out.put(m.group(1), v.path("Inserted").asBoolean() ? text(v, "Image") : null);
                }
            });
            return out;
        }
    }

    String firmwareVersion(String id) {
        synchronized (lock) {
            ObjectNode n = store.get(FIRMWARE + "/" + id);
            return n == null ? null : text(n, "Version");
        }
    }

    List<RecordedRequest> requests() {
        synchronized (lock) {
            return List.copyOf(requests);
        }
    }

    List<UpdateImage> updateImages() {
        synchronized (lock) {
            return List.copyOf(images);
        }
    }

    void expireSessions() {
        synchronized (lock) {
            for (Session s : new ArrayList<>(sessions.values())) {
                dropSession(s);
            }
        }
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    // ---------------------------------------------------------------- HTTP

    @Override
    public void handle(HttpExchange ex) throws IOException {
        try (ex) {
            String path = ex.getRequestURI().getPath();
            while (path.length() > 1 && path.endsWith("/")) {
                path = path.substring(0, path.length() - 1);
            }
            byte[] body;
            try (InputStream in = ex.getRequestBody()) {
                body = in.readAllBytes();
            }
            String token = ex.getRequestHeaders().getFirst("X-Auth-Token");
            String authz = ex.getRequestHeaders().getFirst("Authorization");
            RecordedRequest.Auth auth = token != null ? RecordedRequest.Auth.SESSION
                    : authz != null && authz.regionMatches(true, 0, "Basic ", 0, 6) ? RecordedRequest.Auth.BASIC
                    : RecordedRequest.Auth.NONE;
            Request req = new Request(ex.getRequestMethod().toUpperCase(Locale.ROOT), path, body,
                    ex.getRequestHeaders().getFirst("Content-Type"), auth,
                    ex.getRequestHeaders().getFirst("If-Match"), ex.getRequestHeaders().getFirst("If-None-Match"), ex);

            Faults.Rule fault = faults.take(req.method, path);
            Answer answer = null;
            if (fault != null) {
                switch (fault.kind()) {
                    case RESET -> {
                        record(req, 0);
                        return; // closing the exchange before any answer closes the connection
                    }
                    case DELAY -> sleep(fault.duration());
                    case FAIL -> answer = injected(fault);
                }
            }
            if (answer == null) {
                try {
                    syncMachine();
                    answer = serve(req, token, authz);
                } catch (RuntimeException e) {
                    answer = Answer.of(500, Messages.error(Messages.internalError(String.valueOf(e))));
                }
            }
            record(req, answer.status);
            send(ex, req, answer);
        }
    }

    private void record(Request req, int status) {
        String text;
        String type = req.contentType == null ? "" : req.contentType.toLowerCase(Locale.ROOT);
        if (type.startsWith("multipart/")) {
            text = "<multipart, " + req.body.length + " bytes>";
        } else if (type.startsWith("application/octet-stream")) {
            text = "<octet-stream, " + req.body.length + " bytes>";
        } else {
            text = req.text();
            if (text.length() > 8192) {
                text = text.substring(0, 8192) + "...";
            }
        }
        synchronized (lock) {
            requests.add(new RecordedRequest(req.method, req.path, status, req.auth, req.ifMatch, text));
        }
    }

    private Answer injected(Faults.Rule f) {
        String seconds = f.duration() == null ? null
                : String.valueOf((f.duration().toMillis() + 999) / 1000);
        ObjectNode msg;
        if (f.message() != null) {
            msg = f.status() == 503 ? Messages.message(Messages.BASE + "ServiceTemporarilyUnavailable", f.message(),
                    "Critical", "Wait for the indicated retry duration and retry the operation.")
                    : Messages.generalError(f.message());
        } else if (f.status() == 503) {
            msg = Messages.serviceTemporarilyUnavailable(seconds == null ? "a few" : seconds);
        } else if (f.status() >= 500) {
            msg = Messages.internalError("(an injected fault)");
        } else {
            msg = Messages.generalError("The request failed (an injected fault, status " + f.status() + ").");
        }
        Answer a = Answer.of(f.status(), Messages.error(msg));
        if (seconds != null) {
            a.header("Retry-After", seconds);
        }
        return a;
    }

    private void send(HttpExchange ex, Request req, Answer a) throws IOException {
        var h = ex.getResponseHeaders();
        h.set("OData-Version", "4.0");
        h.set("Cache-Control", "no-cache");
        a.headers.forEach(h::set);
        String connection = ex.getRequestHeaders().getFirst("Connection");
        if (connection != null && connection.toLowerCase(Locale.ROOT).contains("close")) {
            // the JDK server closes such a connection but does not say so; clients that pool connections (python
            // requests, so sushy, which always asks for close) would otherwise reuse it and get a reset
            h.set("Connection", "close");
        }
        if (a.status == 401) {
            h.set("WWW-Authenticate", "Basic realm=\"Redfish\"");
        }
        byte[] bytes = a.body == null ? new byte[0] : json.writerWithDefaultPrettyPrinter().writeValueAsBytes(a.body);
        if (a.body != null) {
            h.set("Content-Type", "application/json; charset=utf-8");
        }
        if (a.status == 204 || a.status == 304 || bytes.length == 0 || req.method.equals("HEAD")) {
            if (req.method.equals("HEAD") && bytes.length > 0) {
                h.set("Content-Length", String.valueOf(bytes.length));
            }
            ex.sendResponseHeaders(a.status, -1);
        } else {
            ex.sendResponseHeaders(a.status, bytes.length);
            ex.getResponseBody().write(bytes);
        }
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(Math.max(0, d.toMillis()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // ---------------------------------------------------------------- routing

    private Answer serve(Request req, String token, String authz) {
        String p = req.path;
        if (p.equals("/redfish") && isRead(req)) {
            ObjectNode v = json.createObjectNode();
            v.put("v1", ROOT + "/");
            return Answer.of(200, v);
        }
        boolean open = isRead(req) && (p.equals(ROOT) || p.equals(ROOT + "/odata") || p.equals(ROOT + "/$metadata"));
        if (req.method.equals("POST") && p.equals(SESSIONS)) {
            return login(req);
        }
        if (!open) {
            String denied = authenticate(token, authz);
            if (denied != null) {
                return Answer.of(401, Messages.error(Messages.noValidSession(denied)));
            }
        }
        synchronized (lock) {
            return switch (req.method) {
                case "GET", "HEAD" -> get(req);
                case "PATCH" -> patch(req);
                case "POST" -> post(req);
                case "DELETE" -> delete(req);
                default -> notAllowed(req);
            };
        }
    }

    private static boolean isRead(Request req) {
        return req.method.equals("GET") || req.method.equals("HEAD");
    }

    private Answer notAllowed(Request req) {
        if (!exists(req.path)) {
            return notFound(req.path);
        }
        return Answer.of(405, Messages.error(Messages.operationNotAllowed(req.method + " is not allowed on "
                + req.path + "."))).header("Allow", allow(req.path));
    }

    private Answer notFound(String path) {
        return Answer.of(404, Messages.error(Messages.resourceNotFound(path)));
    }

    private boolean exists(String path) {
        return store.containsKey(path) || (path.equals(SETTINGS) && faults.requireSettingsObject);
    }

    private String allow(String path) {
        if (path.equals(SYSTEM) || path.equals(SETTINGS) || path.equals(UPDATE) || MEDIA.matcher(path).matches()) {
            return "GET, HEAD, PATCH";
        }
        if (path.equals(SESSIONS)) {
            return "GET, HEAD, POST";
        }
        if (path.startsWith(SESSIONS + "/")) {
            return "GET, HEAD, DELETE";
        }
        return "GET, HEAD";
    }

    // ---------------------------------------------------------------- authentication and sessions

    /** Returns null when the credentials are good, else why not. */
    private String authenticate(String token, String authz) {
        synchronized (lock) {
            purgeSessions();
            if (token != null) {
                Session s = sessions.get(token);
                if (s != null) {
                    s.lastUsed = clock.millis();
                    return null;
                }
            }
        }
        if (authz != null && authz.regionMatches(true, 0, "Basic ", 0, 6)) {
            String decoded;
            try {
                decoded = new String(Base64.getDecoder().decode(authz.substring(6).strip()), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                return "The Authorization header is not valid Basic credentials.";
            }
            if (decoded.equals(user + ":" + password)) {
                return null;
            }
            return "The user name or password is wrong.";
        }
        return token != null ? "The X-Auth-Token is not (or no longer) a valid session."
                : "The request carries no credentials (Basic or X-Auth-Token).";
    }

    private void purgeSessions() {
        long now = clock.millis();
        for (Session s : new ArrayList<>(sessions.values())) {
            if (now - s.lastUsed > sessionTimeout.toMillis()) {
                dropSession(s);
            }
        }
    }

    private void dropSession(Session s) {
        sessions.remove(s.token);
        String path = SESSIONS + "/" + s.id;
        store.remove(path);
        removeMember(SESSIONS, path);
    }

    private Answer login(Request req) {
        if (faults.disableSessions) {
            return Answer.of(405, Messages.error(Messages.operationNotAllowed("Sessions are disabled on this "
                    + "service; use Basic authentication."))).header("Allow", "GET, HEAD");
        }
        JsonNode body;
        try {
            body = json.readTree(req.body);
        } catch (IOException e) {
            return Answer.of(400, Messages.error(Messages.malformedJson(e.getMessage())));
        }
        if (body == null || !body.isObject()) {
            return Answer.of(400, Messages.error(Messages.malformedJson("A JSON object is expected.")));
        }
        for (String f : List.of("UserName", "Password")) {
            if (!body.path(f).isTextual()) {
                return Answer.of(400, Messages.error(Messages.propertyMissing(f)));
            }
        }
        if (!body.get("UserName").asText().equals(user) || !body.get("Password").asText().equals(password)) {
            return Answer.of(401, Messages.error(Messages.message(Messages.BASE + "ResourceAtUriUnauthorized",
                    "While accessing the resource at " + SESSIONS + ", the service received an authorization error "
                    + "'wrong user name or password'.", "Critical",
                    "Ensure that the appropriate access is provided for the service in order for it to access the URI.",
                    SESSIONS, "wrong user name or password")));
        }
        synchronized (lock) {
            purgeSessions();
            byte[] raw = new byte[16];
            random.nextBytes(raw);
            String token = HexFormat.of().formatHex(raw);
            String id = String.valueOf(nextSession++);
            Session s = new Session(id, token, user, clock.millis());
            sessions.put(token, s);
            String path = SESSIONS + "/" + id;
            ObjectNode n = json.createObjectNode();
            n.put("@odata.type", "#Session.v1_6_0.Session");
            n.put("@odata.id", path);
            n.put("Id", id);
            n.put("Name", "User Session");
            n.put("Description", "Manager User Session");
            n.put("UserName", user);
            n.putNull("Password");
            n.put("CreatedTime", Instant.ofEpochMilli(clock.millis()).toString());
            store.put(path, n);
            addMember(SESSIONS, path);
            return Answer.of(201, render(path)).header("X-Auth-Token", token).header("Location", path)
                    .header("ETag", etag(render(path)));
        }
    }

    private void addMember(String collection, String member) {
        ObjectNode c = store.get(collection);
        c.withArray("Members").addObject().put("@odata.id", member);
        c.put("Members@odata.count", c.withArray("Members").size());
    }

    private void removeMember(String collection, String member) {
        ObjectNode c = store.get(collection);
        ArrayNode a = c.withArray("Members");
        for (int i = a.size() - 1; i >= 0; i--) {
            if (member.equals(a.get(i).path("@odata.id").asText())) {
                a.remove(i);
            }
        }
        c.put("Members@odata.count", a.size());
    }

    // ---------------------------------------------------------------- GET

    private Answer get(Request req) {
        String p = req.path;
        if (p.startsWith(MONITORS + "/")) {
            return monitor(p.substring(MONITORS.length() + 1));
        }
        ObjectNode body = render(p);
        if (body == null) {
            return notFound(p);
        }
        String tag = etag(body);
        body.put("@odata.etag", tag);
        Answer a = Answer.of(200, body).header("ETag", tag).header("Allow", allow(p));
        Task task = p.startsWith(TASKS + "/") ? tasks.get(p.substring(TASKS.length() + 1)) : null;
        if (task != null && running(body)) {
            // as the task monitor does: sushy (so Ironic) polls the Task's own URI and waits while it answers 202
            return new Answer(202, a.headers, body).header("Retry-After", "1").header("Location", task.monitor);
        }
        if (req.ifNoneMatch != null && matches(req.ifNoneMatch, tag, true)) {
            return new Answer(304, a.headers, null);
        }
        return a;
    }

    /** The resource at {@code path} as a client sees it now (a copy), or null. */
    private ObjectNode render(String path) {
        if (path.equals(SETTINGS)) {
            return faults.requireSettingsObject ? settingsObject() : null;
        }
        ObjectNode n = store.get(path);
        if (n == null) {
            return null;
        }
        ObjectNode c = n.deepCopy();
        c.remove("@odata.etag");
        if (path.equals(SYSTEM)) {
            ArrayNode allowed = c.with("Actions").with("#ComputerSystem.Reset")
                    .withArray("ResetType@Redfish.AllowableValues");
            for (int i = allowed.size() - 1; i >= 0; i--) {
                if (faults.refusedResetTypes.contains(allowed.get(i).asText())) {
                    allowed.remove(i);
                }
            }
            if (faults.requireSettingsObject) {
                ObjectNode s = c.putObject("@Redfish.Settings");
                s.put("@odata.type", "#Settings.v1_3_5.Settings");
                s.putObject("SettingsObject").put("@odata.id", SETTINGS);
                s.putArray("SupportedApplyTimes").add("OnReset");
            }
        } else if (path.equals(SESSION_SERVICE)) {
            c.put("ServiceEnabled", !faults.disableSessions);
        } else if (MEDIA.matcher(path).matches() && faults.legacyVirtualMedia) {
            c.remove("Actions");
        }
        return c;
    }

    private ObjectNode settingsObject() {
        ObjectNode s = json.createObjectNode();
        s.put("@odata.type", "#ComputerSystem.v1_20_0.ComputerSystem");
        s.put("@odata.id", SETTINGS);
        s.put("Id", "Settings");
        s.put("Name", "Pending settings of " + system().path("Id").asText() + " (applied at the next reset)");
        ObjectNode boot = s.putObject("Boot");
        for (String f : List.of("BootSourceOverrideTarget", "BootSourceOverrideEnabled", "BootSourceOverrideMode",
                "HttpBootUri")) {
            boot.set(f, system().path("Boot").path(f).deepCopy());
        }
        boot.setAll(pendingBoot.deepCopy());
        return s;
    }

    /** The ETag of a rendered resource: a digest of its content, weak when that fault is on. */
    private String etag(ObjectNode rendered) {
        ObjectNode c = rendered.deepCopy();
        c.remove("@odata.etag");
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(json.writeValueAsBytes(c));
            String tag = "\"" + HexFormat.of().formatHex(d, 0, 8) + "\"";
            return faults.weakEtags ? "W/" + tag : tag;
        } catch (NoSuchAlgorithmException | JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Whether an If-Match / If-None-Match header matches the current tag. If-Match compares strongly (RFC 9110): a
     * weak tag never matches, which is what some BMCs do with their own weak tags.
     */
    private static boolean matches(String header, String current, boolean weakComparison) {
        String strongCurrent = current.startsWith("W/") ? current.substring(2) : current;
        for (String t : header.split(",")) {
            t = t.strip();
            if (t.equals("*")) {
                return true;
            }
            if (weakComparison) {
                if ((t.startsWith("W/") ? t.substring(2) : t).equals(strongCurrent)) {
                    return true;
                }
            } else if (!t.startsWith("W/") && t.equals(strongCurrent)) {
                return true;
            }
        }
        return false;
    }

    // ---------------------------------------------------------------- PATCH

    private Answer patch(Request req) {
        String p = req.path;
        boolean media = MEDIA.matcher(p).matches() && store.containsKey(p);
        if (!(p.equals(SYSTEM) || media || p.equals(UPDATE) || (p.equals(SETTINGS) && faults.requireSettingsObject))) {
            return notAllowed(req);
        }
        ObjectNode current = render(p);
        if (req.ifMatch != null && !matches(req.ifMatch, etag(current), false)) {
            return Answer.of(412, Messages.error(Messages.preconditionFailed())).header("ETag", etag(current));
        }
        JsonNode body;
        try {
            body = json.readTree(req.body);
        } catch (IOException e) {
            return Answer.of(400, Messages.error(Messages.malformedJson(e.getMessage())));
        }
        if (body == null || !body.isObject() || body.isEmpty()) {
            return Answer.of(400, Messages.error(Messages.malformedJson("A JSON object with the properties to change "
                    + "is expected.")));
        }
        // clients that PATCH back what they read send @odata.id/@odata.etag/@odata.type: annotations, not properties
        ((ObjectNode) body).remove(iterable(body.fieldNames()).stream()
                .filter(k -> k.startsWith("@odata.")).toList());
        if (body.isEmpty()) {
            return Answer.of(400, Messages.error(Messages.malformedJson("There are no properties to change.")));
        }
        List<ObjectNode> problems = new ArrayList<>();
        if (p.equals(UPDATE)) {
            for (Iterator<String> it = body.fieldNames(); it.hasNext(); ) {
                String k = it.next();
                if (!k.equals("HttpPushUriTargets")) {
                    problems.add(current.has(k) ? Messages.propertyNotWritable(k, "") : Messages.propertyUnknown(k));
                }
            }
            JsonNode targets = body.get("HttpPushUriTargets");
            if (targets != null && (!targets.isArray() || targets(targets, "PATCH", new ArrayList<>()) != null)) {
                problems.add(Messages.propertyValueNotInList(targets.toString(), "HttpPushUriTargets"));
            }
            if (!problems.isEmpty()) {
                return Answer.of(400, Messages.error(problems.toArray(ObjectNode[]::new)));
            }
            if (targets != null) {
                store.get(UPDATE).set("HttpPushUriTargets", targets);
            }
            return answerResource(p, 200);
        }
        if (media) {
            for (Iterator<Map.Entry<String, JsonNode>> it = body.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                String k = e.getKey();
                JsonNode v = e.getValue();
                if (!MEDIA_WRITABLE.contains(k)) {
                    problems.add(current.has(k) ? Messages.propertyNotWritable(k, "") : Messages.propertyUnknown(k));
                } else if ((k.equals("Inserted") || k.equals("WriteProtected")) && !v.isBoolean()) {
                    problems.add(Messages.propertyValueTypeError(v.toString(), k));
                } else if (!(k.equals("Inserted") || k.equals("WriteProtected")) && !v.isTextual() && !v.isNull()) {
                    problems.add(Messages.propertyValueTypeError(v.toString(), k));
                } else {
                    checkAllowable(current, k, v, k, problems);
                }
            }
            if (!problems.isEmpty()) {
                return Answer.of(400, Messages.error(problems.toArray(ObjectNode[]::new)));
            }
            ObjectNode vm = store.get(p);
            body.fields().forEachRemaining(e -> vm.set(e.getKey(), e.getKey().equals("Password")
                    ? json.nullNode() : e.getValue()));
            if (body.has("Image") || body.has("Inserted")) {
                boolean inserted = vm.path("Inserted").asBoolean() && !vm.path("Image").isNull();
                if (body.has("Image") && !body.get("Image").isNull() && !body.has("Inserted")) {
                    inserted = true;
                }
                mediaState(vm, inserted ? text(vm, "Image") : null, vm.path("WriteProtected").asBoolean(true));
            }
            return answerResource(p, 200);
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = body.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String k = e.getKey();
            if (k.equals("Boot")) {
                if (!e.getValue().isObject()) {
                    problems.add(Messages.propertyValueTypeError(e.getValue().toString(), "Boot"));
                    continue;
                }
                if (p.equals(SYSTEM) && faults.requireSettingsObject) {
                    problems.add(Messages.propertyNotWritable("Boot", " Boot settings are changed through the "
                            + "settings object " + SETTINGS + " and applied at the next reset."));
                    continue;
                }
                JsonNode boot = system().path("Boot");
                for (Iterator<Map.Entry<String, JsonNode>> bt = e.getValue().fields(); bt.hasNext(); ) {
                    Map.Entry<String, JsonNode> b = bt.next();
                    String name = "Boot/" + b.getKey();
                    if (!BOOT_WRITABLE.contains(b.getKey())) {
                        problems.add(boot.has(b.getKey()) ? Messages.propertyNotWritable(name, "")
                                : Messages.propertyUnknown(name));
                    } else if (!b.getValue().isTextual()
                            && !(b.getValue().isNull() && b.getKey().matches("HttpBootUri|UefiTargetBootSourceOverride"))) {
                        problems.add(Messages.propertyValueTypeError(b.getValue().toString(), name));
                    } else {
                        checkAllowable(boot, b.getKey(), b.getValue(), name, problems);
                    }
                }
            } else if (k.equals("AssetTag") && p.equals(SYSTEM)) {
                if (!e.getValue().isTextual()) {
                    problems.add(Messages.propertyValueTypeError(e.getValue().toString(), k));
                }
            } else {
                problems.add(current.has(k) ? Messages.propertyNotWritable(k, "") : Messages.propertyUnknown(k));
            }
        }
        if (!problems.isEmpty()) {
            return Answer.of(400, Messages.error(problems.toArray(ObjectNode[]::new)));
        }
        if (p.equals(SETTINGS)) {
            if (body.has("Boot")) {
                pendingBoot.setAll((ObjectNode) body.get("Boot"));
            }
        } else {
            if (body.has("Boot")) {
                system().with("Boot").setAll((ObjectNode) body.get("Boot"));
            }
            if (body.has("AssetTag")) {
                system().set("AssetTag", body.get("AssetTag"));
            }
        }
        return answerResource(p, 200);
    }

    private static List<String> iterable(Iterator<String> it) {
        List<String> out = new ArrayList<>();
        it.forEachRemaining(out::add);
        return out;
    }

    private static void checkAllowable(JsonNode owner, String key, JsonNode value, String name, List<ObjectNode> problems) {
        JsonNode allowed = owner.get(key + "@Redfish.AllowableValues");
        if (allowed instanceof ArrayNode a && !value.isNull()) {
            for (JsonNode v : a) {
                if (v.asText().equals(value.asText())) {
                    return;
                }
            }
            problems.add(Messages.propertyValueNotInList(value.asText(), name));
        }
    }

    private Answer answerResource(String path, int status) {
        ObjectNode body = render(path);
        String tag = etag(body);
        body.put("@odata.etag", tag);
        return Answer.of(status, body).header("ETag", tag);
    }

    private static void mediaState(ObjectNode vm, String image, boolean writeProtected) {
        if (image == null) {
            vm.putNull("Image");
            vm.putNull("ImageName");
            vm.put("Inserted", false);
            vm.put("ConnectedVia", "NotConnected");
        } else {
            vm.put("Image", image);
            String name = image.replaceAll("[?#].*$", "");
            vm.put("ImageName", name.substring(name.lastIndexOf('/') + 1));
            vm.put("Inserted", true);
            vm.put("ConnectedVia", "URI");
            vm.put("WriteProtected", writeProtected);
        }
    }

    // ---------------------------------------------------------------- DELETE

    private Answer delete(Request req) {
        if (req.path.startsWith(SESSIONS + "/") && store.containsKey(req.path)) {
            String id = req.path.substring(SESSIONS.length() + 1);
            sessions.values().stream().filter(s -> s.id.equals(id)).findFirst().ifPresent(this::dropSession);
            return Answer.of(204, null);
        }
        return notAllowed(req);
    }

    // ---------------------------------------------------------------- POST: actions

    private Answer post(Request req) {
        String p = req.path;
        if (p.equals(RESET)) {
            return reset(req);
        }
        Matcher m = MEDIA_ACTION.matcher(p);
        if (m.matches() && store.containsKey(VIRTUAL_MEDIA + "/" + m.group(1))) {
            return mediaAction(req, VIRTUAL_MEDIA + "/" + m.group(1), m.group(2));
        }
        if (p.equals(SIMPLE_UPDATE) || p.equals(SIMPLE_UPDATE_ALT)) {
            return simpleUpdate(req);
        }
        if (p.equals(MULTIPART_PUSH)) {
            return multipartUpdate(req);
        }
        if (p.equals(HTTP_PUSH)) {
            return httpPushUpdate(req);
        }
        if (p.equals(MANAGER_RESET)) {
            return managerReset(req);
        }
        if (otherActions.contains(p)) {
            return Answer.of(400, Messages.error(Messages.actionNotSupported(p.substring(p.lastIndexOf('/') + 1)
                    + " (advertised by the mockup, not implemented by the Redfish test service)")));
        }
        return notAllowed(req);
    }

    private JsonNode actionBody(Request req) {
        if (req.body.length == 0) {
            return json.createObjectNode();
        }
        try {
            JsonNode n = json.readTree(req.body);
            return n == null ? json.createObjectNode() : n;
        } catch (IOException e) {
            return null;
        }
    }

    private Answer reset(Request req) {
        String action = "ComputerSystem.Reset";
        JsonNode body = actionBody(req);
        if (body == null || !body.isObject()) {
            return Answer.of(400, Messages.error(Messages.malformedJson("A JSON object is expected.")));
        }
        JsonNode t = body.get("ResetType");
        if (t == null) {
            return Answer.of(400, Messages.error(Messages.actionParameterMissing(action, "ResetType")));
        }
        if (!t.isTextual()) {
            return Answer.of(400, Messages.error(Messages.actionParameterValueTypeError(t.toString(), "ResetType",
                    action)));
        }
        String type = t.asText();
        boolean allowed = false;
        for (JsonNode v : render(SYSTEM).path("Actions").path("#ComputerSystem.Reset")
                .path("ResetType@Redfish.AllowableValues")) {
            allowed |= v.asText().equals(type);
        }
        if (!allowed) {
            return Answer.of(400, Messages.error(Messages.actionParameterValueNotInList(type, "ResetType", action)));
        }
        String now = system().path("PowerState").asText();
        boolean on = now.equals("On") || now.equals("PoweringOn");
        String target = switch (type) {
            case "On", "ForceOn", "ForceRestart", "GracefulRestart", "PowerCycle" -> "On";
            case "ForceOff", "GracefulShutdown" -> "Off";
            case "PushPowerButton" -> on ? "Off" : "On";
            default -> now; // Nmi: the power state does not change
        };
        if (!type.equals("Nmi")) {
            // the machine (re)starts or stops: pending settings apply now, as at a real reset
            if (!pendingBoot.isEmpty()) {
                system().with("Boot").setAll(pendingBoot);
                pendingBoot.removeAll();
            }
            system().put("LastResetTime", Instant.ofEpochMilli(clock.millis()).toString());
        }
        resetMachine(type, target);
        long generation = ++powerGeneration;
        if (powerTransition.isZero() || powerTransition.isNegative() || type.equals("Nmi")) {
            system().put("PowerState", target);
        } else {
            system().put("PowerState", target.equals("On") ? "PoweringOn" : "PoweringOff");
            scheduler.schedule(() -> {
                synchronized (lock) {
                    if (powerGeneration == generation) {
                        system().put("PowerState", target);
                    }
                }
            }, powerTransition.toMillis(), TimeUnit.MILLISECONDS);
        }
        return Answer.of(204, null);
    }

    /** Manager.Reset: the BMC restarts, and like a real one it forgets every session. */
    private Answer managerReset(Request req) {
        String action = "Manager.Reset";
        JsonNode body = actionBody(req);
        if (body == null || !body.isObject()) {
            return Answer.of(400, Messages.error(Messages.malformedJson("A JSON object is expected.")));
        }
        JsonNode t = body.get("ResetType");
        if (t != null) {
            boolean allowed = false;
            for (JsonNode v : store.get(MANAGER).path("Actions").path("#Manager.Reset")
                    .path("ResetType@Redfish.AllowableValues")) {
                allowed |= v.asText().equals(t.asText());
            }
            if (!allowed) {
                return Answer.of(400, Messages.error(Messages.actionParameterValueNotInList(t.asText(), "ResetType",
                        action)));
            }
        }
        for (Session s : new ArrayList<>(sessions.values())) {
            dropSession(s);
        }
        return Answer.of(204, null);
    }

    private Answer mediaAction(Request req, String path, String action) {
        String name = "VirtualMedia." + action;
        if (faults.legacyVirtualMedia) {
            return Answer.of(400, Messages.error(Messages.actionNotSupported(name)));
        }
        JsonNode body = actionBody(req);
        if (body == null || !body.isObject()) {
            return Answer.of(400, Messages.error(Messages.malformedJson("A JSON object is expected.")));
        }
        ObjectNode vm = store.get(path);
        if (action.equals("EjectMedia")) {
            mediaState(vm, null, true);
            return Answer.of(204, null);
        }
        JsonNode image = body.get("Image");
        if (image == null) {
            return Answer.of(400, Messages.error(Messages.actionParameterMissing(name, "Image")));
        }
        if (!image.isTextual() || image.asText().isBlank()) {
            return Answer.of(400, Messages.error(Messages.actionParameterValueTypeError(image.toString(), "Image",
                    name)));
        }
        for (String f : List.of("Inserted", "WriteProtected")) {
            if (body.has(f) && !body.get(f).isBoolean()) {
                return Answer.of(400, Messages.error(Messages.actionParameterValueTypeError(body.get(f).toString(),
                        f, name)));
            }
        }
        JsonNode proto = body.get("TransferProtocolType");
        if (proto != null && !List.of("HTTP", "HTTPS").contains(proto.asText())) {
            return Answer.of(400, Messages.error(Messages.actionParameterValueNotInList(proto.asText(),
                    "TransferProtocolType", name)));
        }
        if (vm.path("Inserted").asBoolean()) {
            return Answer.of(409, Messages.error(Messages.resourceInUse("Media " + text(vm, "Image")
                    + " is inserted; eject it first.")));
        }
        boolean inserted = body.path("Inserted").asBoolean(true);
        mediaState(vm, inserted ? image.asText() : null, body.path("WriteProtected").asBoolean(true));
        if (!inserted) {
            vm.put("Image", image.asText());
        }
        return Answer.of(204, null);
    }

    // ---------------------------------------------------------------- updates and tasks

    private Answer simpleUpdate(Request req) {
        String action = "UpdateService.SimpleUpdate";
        JsonNode body = actionBody(req);
        if (body == null || !body.isObject()) {
            return Answer.of(400, Messages.error(Messages.malformedJson("A JSON object is expected.")));
        }
        JsonNode uri = body.get("ImageURI");
        if (uri == null) {
            return Answer.of(400, Messages.error(Messages.actionParameterMissing(action, "ImageURI")));
        }
        if (!uri.isTextual()) {
            return Answer.of(400, Messages.error(Messages.actionParameterValueTypeError(uri.toString(), "ImageURI",
                    action)));
        }
        String protocol = body.path("TransferProtocol").asText(null);
        if (protocol != null && !List.of("HTTP", "HTTPS").contains(protocol)) {
            return Answer.of(400, Messages.error(Messages.actionParameterValueNotInList(protocol, "TransferProtocol",
                    action)));
        }
        String image = uri.asText();
        if (!image.contains("://")) {
            image = (protocol == null ? "http" : protocol.toLowerCase(Locale.ROOT)) + "://" + image;
        }
        URI parsed;
        try {
            parsed = URI.create(image);
        } catch (IllegalArgumentException e) {
            return Answer.of(400, Messages.error(Messages.actionParameterValueTypeError(image, "ImageURI", action)));
        }
        if (!"http".equalsIgnoreCase(parsed.getScheme()) && !"https".equalsIgnoreCase(parsed.getScheme())) {
            return Answer.of(400, Messages.error(Messages.message(Messages.BASE + "ActionParameterNotSupported",
                    "The parameter ImageURI for the action " + action + " is not supported on the target resource: "
                    + "this service pulls over HTTP and HTTPS only.", "Warning",
                    "Remove the parameter supplied and resubmit the request if the operation failed.",
                    "ImageURI", action)));
        }
        List<String> targets = new ArrayList<>();
        Answer bad = targets(body.get("Targets"), action, targets);
        if (bad != null) {
            return bad;
        }
        Task task = newTask("SimpleUpdate of " + image, SIMPLE_UPDATE, req.text());
        final URI pull = parsed;
        scheduler.execute(() -> runUpdate(task, pull, null, null, targets));
        return accepted(task);
    }

    private Answer multipartUpdate(Request req) {
        String action = "UpdateService.MultipartHttpPushUpdate";
        Map<String, Multipart.Part> parts = Multipart.parse(req.contentType, req.body);
        if (parts == null) {
            return Answer.of(400, Messages.error(Messages.generalError("The request must be multipart/form-data "
                    + "with the parts UpdateParameters and UpdateFile.")));
        }
        if (!parts.containsKey("UpdateParameters")) {
            return Answer.of(400, Messages.error(Messages.actionParameterMissing(action, "UpdateParameters")));
        }
        if (!parts.containsKey("UpdateFile") || parts.get("UpdateFile").content().length == 0) {
            return Answer.of(400, Messages.error(Messages.actionParameterMissing(action, "UpdateFile")));
        }
        JsonNode params;
        try {
            params = json.readTree(parts.get("UpdateParameters").content());
        } catch (IOException e) {
            return Answer.of(400, Messages.error(Messages.malformedJson("UpdateParameters: " + e.getMessage())));
        }
        if (params == null || !params.isObject()) {
            return Answer.of(400, Messages.error(Messages.malformedJson("UpdateParameters must be a JSON object.")));
        }
        List<String> targets = new ArrayList<>();
        Answer bad = targets(params.get("Targets"), action, targets);
        if (bad != null) {
            return bad;
        }
        Multipart.Part file = parts.get("UpdateFile");
        Matcher fn = Pattern.compile("filename=\"([^\"]*)\"").matcher(file.headers().getOrDefault("content-disposition", ""));
        String name = fn.find() ? fn.group(1) : "UpdateFile";
        Task task = newTask("Multipart update with " + name, MULTIPART_PUSH, params.toString());
        byte[] content = file.content();
        scheduler.execute(() -> runUpdate(task, null, name, content, targets));
        return accepted(task);
    }

    /** The older push (DSP0266 "HttpPushUri"): the body is the image; UpdateService.HttpPushUriTargets says what. */
    private Answer httpPushUpdate(Request req) {
        String action = "UpdateService.HttpPushUri";
        if (req.body.length == 0) {
            return Answer.of(400, Messages.error(Messages.actionParameterMissing(action, "the image (request body)")));
        }
        if (req.contentType != null && req.contentType.toLowerCase(Locale.ROOT).startsWith("multipart/")) {
            return Answer.of(400, Messages.error(Messages.generalError("HttpPushUri takes the image as the body "
                    + "(application/octet-stream); multipart/form-data goes to MultipartHttpPushUri " + MULTIPART_PUSH
                    + ".")));
        }
        List<String> targets = new ArrayList<>();
        Answer bad = targets(store.get(UPDATE).get("HttpPushUriTargets"), action, targets);
        if (bad != null) {
            return bad;
        }
        Task task = newTask("HTTP push update", HTTP_PUSH, "");
        byte[] content = req.body;
        scheduler.execute(() -> runUpdate(task, null, "HttpPushUri body", content, targets));
        return accepted(task);
    }

    /** Reads Targets (URIs of FirmwareInventory entries, the system or the manager); null when they are all good. */
    private Answer targets(JsonNode targets, String action, List<String> out) {
        if (targets == null || targets.isNull() || (targets.isArray() && targets.isEmpty())) {
            out.add("BIOS");
            return null;
        }
        if (!targets.isArray()) {
            return Answer.of(400, Messages.error(Messages.actionParameterValueTypeError(targets.toString(), "Targets",
                    action)));
        }
        for (JsonNode t : targets) {
            String s = t.asText().replaceAll("/+$", "");
            String id = s.equals(SYSTEM) ? "BIOS" : s.equals(MANAGER) ? "BMC"
                    : s.startsWith(FIRMWARE + "/") && store.containsKey(s) ? s.substring(FIRMWARE.length() + 1) : null;
            if (id == null) {
                return Answer.of(400, Messages.error(Messages.actionParameterValueNotInList(t.asText(), "Targets",
                        action)));
            }
            out.add(id);
        }
        return null;
    }

    private Task newTask(String name, String targetUri, String payload) {
        Task t = new Task(String.valueOf(nextTask++));
        ObjectNode n = json.createObjectNode();
        n.put("@odata.type", "#Task.v1_7_0.Task");
        n.put("@odata.id", t.path);
        n.put("Id", t.id);
        n.put("Name", name);
        n.put("TaskState", "New");
        n.put("TaskStatus", "OK");
        n.put("PercentComplete", 0);
        n.put("StartTime", Instant.ofEpochMilli(clock.millis()).toString());
        n.put("TaskMonitor", t.monitor);
        n.putArray("Messages");
        ObjectNode pl = n.putObject("Payload");
        pl.put("TargetUri", targetUri);
        pl.put("HttpOperation", "POST");
        pl.put("JsonBody", payload);
        store.put(t.path, n);
        tasks.put(t.id, t);
        addMember(TASKS, t.path);
        return t;
    }

    private Answer accepted(Task t) {
        ObjectNode body = render(t.path);
        return Answer.of(202, body).header("Location", t.monitor).header("Retry-After", "1");
    }

    private Answer monitor(String id) {
        Task t = tasks.get(id);
        if (t == null) {
            return notFound(MONITORS + "/" + id);
        }
        ObjectNode body = render(t.path);
        String state = body.path("TaskState").asText();
        if (running(body)) {
            return Answer.of(202, body).header("Location", t.monitor).header("Retry-After", "1");
        }
        if (state.equals("Completed")) {
            return Answer.of(200, body);
        }
        List<ObjectNode> info = new ArrayList<>();
        body.withArray("Messages").forEach(m -> info.add((ObjectNode) m));
        return Answer.of(500, Messages.error(info.toArray(ObjectNode[]::new)));
    }

    private static boolean running(JsonNode task) {
        return List.of("New", "Starting", "Running", "Pending").contains(task.path("TaskState").asText());
    }

    private void runUpdate(Task task, URI pull, String pushedName, byte[] pushed, List<String> targets) {
        ObjectNode n;
        synchronized (lock) {
            n = store.get(task.path);
            n.put("TaskState", "Running");
        }
        String source = pull != null ? pull.toString() : pushedName;
        byte[] content = pushed;
        if (pull != null) {
            try {
                HttpResponse<byte[]> r = puller.send(HttpRequest.newBuilder(pull).timeout(Duration.ofSeconds(60))
                        .GET().build(), HttpResponse.BodyHandlers.ofByteArray());
                if (r.statusCode() / 100 != 2) {
                    fail(task, n, Messages.transferFailed(source, String.join(",", targets),
                            "HTTP status " + r.statusCode()));
                    return;
                }
                content = r.body();
            } catch (IOException | RuntimeException e) {
                fail(task, n, Messages.transferFailed(source, String.join(",", targets), String.valueOf(e)));
                return;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        String digest;
        try {
            digest = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        synchronized (lock) {
            images.add(new UpdateImage(task.id, pull != null ? "pull" : "push", source, content.length, digest));
            n.put("PercentComplete", 10);
        }
        int steps = 4;
        for (int i = 1; i <= steps; i++) {
            sleep(taskDuration.dividedBy(steps));
            synchronized (lock) {
                n.put("PercentComplete", 10 + 90 * i / steps);
            }
        }
        synchronized (lock) {
            ArrayNode msgs = n.withArray("Messages");
            for (String id : targets) {
                ObjectNode fw = store.get(FIRMWARE + "/" + id);
                String next = bump(fw.path("Version").asText());
                fw.put("Version", next);
                fw.put("ReleaseDate", Instant.ofEpochMilli(clock.millis()).toString());
                if (id.equals("BIOS")) {
                    system().put("BiosVersion", next);
                } else if (id.equals("BMC")) {
                    store.get(MANAGER).put("FirmwareVersion", next);
                }
                msgs.add(Messages.updateSuccessful(id, source));
            }
            msgs.add(Messages.taskCompletedOk(task.id));
            n.put("TaskState", "Completed");
            n.put("TaskStatus", "OK");
            n.put("PercentComplete", 100);
            n.put("EndTime", Instant.ofEpochMilli(clock.millis()).toString());
        }
    }

    private void fail(Task task, ObjectNode n, ObjectNode why) {
        synchronized (lock) {
            n.withArray("Messages").add(why).add(Messages.taskAborted(task.id));
            n.put("TaskState", "Exception");
            n.put("TaskStatus", "Critical");
            n.put("EndTime", Instant.ofEpochMilli(clock.millis()).toString());
        }
    }

    /** The version after an update: its last number plus one ("P79 v1.45" becomes "P79 v1.46"). */
    static String bump(String version) {
        Matcher m = LAST_NUMBER.matcher(version);
        if (!m.find()) {
            return version + ".1";
        }
        String digits = m.group(1);
        String next = new java.math.BigInteger(digits).add(java.math.BigInteger.ONE).toString();
        while (next.length() < digits.length()) {
            next = "0" + next;
        }
        return version.substring(0, m.start(1)) + next + version.substring(m.end(1));
    }
}
