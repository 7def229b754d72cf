package io.kiln.onboarding.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kiln.api.KilnException;
import io.kiln.api.boot.ProvisioningFiles;
import io.kiln.api.inventory.BootProfile;
import io.kiln.api.inventory.HostContext;
import io.kiln.api.inventory.InstallMethod;
import io.kiln.api.inventory.Instance;
import io.kiln.api.inventory.InstanceStatus;
import io.kiln.api.inventory.Inventory;
import io.kiln.api.inventory.ProvisioningState;
import io.kiln.api.inventory.ResolvedVariable;
import io.kiln.api.inventory.Versioned;
import io.kiln.api.onboarding.AgentAction;
import io.kiln.api.store.DocumentStore;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Kiln's fixed provisioning sequence for an image profile, until the workflow engine replaces it: write the image
 * to the disk the root-device hints choose, write the NoCloud seed and the host's credentials into the installed
 * system, reboot; the installed system's first-boot report then makes the instance RUNNING. Each step is tried up to
 * {@value #ATTEMPTS} times; a step that fails every time puts the instance in ERROR. Every action issued and every
 * outcome is persisted (document kind {@value #KIND}) before it is acted on, so a restart of Kiln or of the agent
 * resumes where it stopped.
 */
final class ProvisioningSequence {
    static final String KIND = "provisioning";
    static final int ATTEMPTS = 3;
    static final List<String> STEPS = List.of("image", "files", "reboot");
    /** Where the NoCloud seed goes in the installed system, unless the host's variable seed.dir says otherwise. */
    static final String SEED_DIR = "/var/lib/cloud/seed/nocloud";
    static final String CREDENTIALS_DIR = "/etc/kiln";
    private static final int LOG_LINES = 40;

    private final Inventory inventory;
    private final DocumentStore store;
    private final ProvisioningFilesSource files;
    private final HostJournal journal;
    private final Clock clock;

    /** The provisioning files service (optional in OSGi: without it the files action carries credentials only). */
    interface ProvisioningFilesSource {
        ProvisioningFiles get();
    }

    ProvisioningSequence(Inventory inventory, DocumentStore store, ProvisioningFilesSource files, HostJournal journal, Clock clock) {
        this.inventory = inventory;
        this.store = store;
        this.files = files;
        this.journal = journal;
        this.clock = clock;
    }

    /** A new onboarding of the host starts a new round: earlier actions no longer count. */
    void startRound(String host) {
        Documents.update(store, KIND, host, doc -> {
            doc.put("round", doc.path("round").asInt(0) + 1);
            doc.put("onboarded", clock.instant().toString());
            doc.putArray("actions");
            doc.remove("rebooted");
            doc.remove("firstBoot");
            return doc;
        });
    }

    /** Remembers Kiln's HTTP URL as the host's boot script was served with it (its files' ${kiln.url}). */
    void rememberKilnUrl(String host, String kilnUrl) {
        Documents.update(store, KIND, host, doc -> kilnUrl.equals(Json.text(doc, "kilnUrl")) ? null : doc.put("kilnUrl", kilnUrl));
    }

    /** Whether the host's OS was written and it was told to reboot into it (so its network boot should go to disk). */
    Instant rebooted(String host) {
        return Documents.read(store, KIND, host).map(d -> Json.text(d, "rebooted")).map(Instant::parse).orElse(null);
    }

    ObjectNode record(String host) {
        return Documents.read(store, KIND, host).orElseGet(Json::object);
    }

    AgentAction next(String host) {
        HostContext c = inventory.context(host).orElseThrow(() -> KilnException.notFound("no host named '" + host + "'"));
        Instance i = c.instance();
        if (i == null) return wait("host '" + host + "' has no instance (non-ZTP: kiln:instance-add starts it)", 30);
        if (i.desired() != ProvisioningState.RUNNING) return done("instance desired " + lower(i.desired()));
        switch (i.current()) {
            case RUNNING: return done("instance RUNNING");
            case ERROR: return done("instance in ERROR: see kiln:host-show " + host);
            case PENDING: return wait("instance PENDING", 10);
            case DELETED: return done("instance deleted");
            default: break;
        }
        BootProfile profile = inventory.profile(i.profile()).orElse(null);
        if (profile == null) return fail(host, "profile '" + i.profile() + "' of the instance does not exist");
        if (profile.install() != InstallMethod.IMAGE) {
            return done("profile '" + profile.name() + "' installs with " + lower(profile.install()) + ": its installer writes the disk");
        }
        if (profile.image() == null) return fail(host, "profile '" + profile.name() + "' installs an image but names none (--image URL --sha256 HEX)");
        ObjectNode rec = record(host);
        int round = rec.path("round").asInt(1);
        ArrayNode actions = rec.has("actions") ? (ArrayNode) rec.get("actions") : Json.MAPPER.createArrayNode();
        for (String step : STEPS) {
            JsonNode last = lastOf(actions, step);
            String state = last == null ? null : last.path("state").asText();
            if ("ok".equals(state)) continue;
            if ("issued".equals(state)) return reissue(last, c, profile, rec); // the agent lost it (restarted): same action again
            int attempt = last == null ? 1 : last.path("attempt").asInt() + 1;
            if (attempt > ATTEMPTS) {
                return fail(host, "step " + step + " failed " + ATTEMPTS + " times; last: " + last.path("message").asText());
            }
            AgentAction a;
            try {
                a = build(step, round + "." + step + "." + attempt, c, profile, rec);
            } catch (IllegalArgumentException | KilnException e) {
                return fail(host, "step " + step + ": " + e.getMessage());
            }
            issue(host, step, attempt, a);
            return a;
        }
        return wait("the installed system has not reported its first boot yet", 30);
    }

    private AgentAction reissue(JsonNode last, HostContext c, BootProfile profile, ObjectNode rec) {
        return build(last.path("step").asText(), last.path("id").asText(), c, profile, rec);
    }

    private AgentAction build(String step, String id, HostContext c, BootProfile profile, ObjectNode rec) {
        Map<String, String> vars = effective(c);
        Map<String, Object> p = new LinkedHashMap<>();
        switch (step) {
            case "image" -> {
                String url = profile.image().url();
                // artifact paths are served over HTTPS too; the agent API makes them absolute with the address it was reached at
                p.put("url", url.startsWith("http://") || url.startsWith("https://") ? url : "/artifacts/" + url);
                p.put("sha256", profile.image().sha256());
                p.put("compression", vars.getOrDefault("image.compression", "auto"));
                p.put("rootDeviceHints", RootDeviceHints.of(vars));
            }
            case "files" -> {
                p.put("partition", vars.getOrDefault("seed.partition", "1"));
                p.put("files", seed(c.host().name(), vars.getOrDefault("seed.dir", SEED_DIR), Json.text(rec, "kilnUrl")));
                p.put("credentialsDir", CREDENTIALS_DIR);
            }
            case "reboot" -> {
            }
            default -> throw new IllegalStateException(step);
        }
        return new AgentAction(id, step, p);
    }

    /** The NoCloud seed: meta-data, user-data and network-config, rendered exactly as Kiln serves them. */
    private List<Map<String, Object>> seed(String host, String dir, String kilnUrl) {
        ProvisioningFiles pf = files.get();
        if (pf == null) throw KilnException.invalid("the provisioning files service (kiln-boot) is not running: no NoCloud seed can be rendered");
        String url = kilnUrl == null ? "http://kiln:8080" : kilnUrl;
        List<Map<String, Object>> out = new ArrayList<>();
        for (String f : List.of("meta-data", "user-data", "network-config")) {
            String content = pf.render("/cloud-init/" + host + "/" + f, url).content();
            out.add(Map.of("path", dir.replaceAll("/+$", "") + "/" + f, "mode", "0644", "content", content));
        }
        return out;
    }

    private static Map<String, String> effective(HostContext c) {
        Map<String, String> m = new LinkedHashMap<>();
        for (ResolvedVariable v : c.variables()) m.put(v.name(), v.value());
        return m;
    }

    private void issue(String host, String step, int attempt, AgentAction a) {
        Instant now = clock.instant();
        Documents.update(store, KIND, host, doc -> {
            ArrayNode actions = doc.has("actions") ? (ArrayNode) doc.get("actions") : doc.putArray("actions");
            actions.addObject().put("id", a.id()).put("step", step).put("attempt", attempt).put("state", "issued")
                    .put("issued", now.toString());
            return doc;
        });
        journal.add(host, "action-issued", a.id() + " (" + describe(a) + ")");
    }

    /** Progress of an action: the newest message and percent, and the last lines of its log. */
    void progress(String host, String id, Integer percent, String message, List<String> log) {
        Instant now = clock.instant();
        Documents.update(store, KIND, host, doc -> {
            ObjectNode a = find(doc, id);
            if (a == null) throw KilnException.notFound("host '" + host + "' has no action '" + id + "'");
            if (percent != null) a.put("percent", Math.max(0, Math.min(100, percent)));
            if (message != null) a.put("progress", message);
            a.put("updated", now.toString());
            if (log != null && !log.isEmpty()) {
                ArrayNode l = a.has("log") ? (ArrayNode) a.get("log") : a.putArray("log");
                for (String line : log) l.add(line.length() > 500 ? line.substring(0, 500) : line);
                while (l.size() > LOG_LINES) l.remove(0);
            }
            doc.put("heartbeat", now.toString());
            return doc;
        });
    }

    /** The outcome of an action; a failure is retried by the next {@link #next} (or ends the sequence). */
    void result(String host, String id, boolean ok, String message, Map<String, String> details) {
        Instant now = clock.instant();
        String[] step = new String[1];
        Documents.update(store, KIND, host, doc -> {
            ObjectNode a = find(doc, id);
            if (a == null) throw KilnException.notFound("host '" + host + "' has no action '" + id + "'");
            step[0] = a.path("step").asText();
            a.put("state", ok ? "ok" : "failed").put("finished", now.toString()).put("message", message == null ? "" : message);
            if (details != null && !details.isEmpty()) a.set("details", Json.MAPPER.valueToTree(details));
            if (ok && "reboot".equals(step[0])) doc.put("rebooted", now.toString());
            return doc;
        });
        journal.add(host, ok ? "action-done" : "action-failed", id + ": " + (message == null ? "" : message));
    }

    void heartbeat(String host) {
        Instant now = clock.instant();
        Documents.update(store, KIND, host, doc -> doc.put("heartbeat", now.toString()));
    }

    /** The installed system is up with its credentials: the instance is RUNNING. */
    void firstBoot(String host, String marker) {
        Instant now = clock.instant();
        Documents.update(store, KIND, host, doc -> doc.put("firstBoot", now.toString()).put("marker", marker == null ? "" : marker));
        journal.add(host, "first-boot", "the installed system reported its first boot" + (marker == null ? "" : " (marker " + marker + ")"));
        setInstance(host, ProvisioningState.RUNNING, "first boot reported");
    }

    private AgentAction fail(String host, String why) {
        journal.add(host, "provisioning-failed", why);
        setInstance(host, ProvisioningState.ERROR, why);
        return done(why);
    }

    /** Moves the instance's current state (a journal entry says from what to what and why). */
    void setInstance(String host, ProvisioningState to, String why) {
        for (int i = 0; i < 5; i++) {
            Versioned<InstanceStatus> s = inventory.instanceStatus(host).orElse(null);
            if (s == null) return;
            ProvisioningState from = s.value().current();
            if (from == to) return;
            try {
                inventory.saveStatus(new InstanceStatus(host, to), s.version());
                journal.add(host, "instance", from + " -> " + to + " (" + why + ")");
                return;
            } catch (KilnException e) {
                if (e.kind() != KilnException.Kind.CONFLICT) throw e;
            }
        }
    }

    private static ObjectNode find(ObjectNode doc, String id) {
        for (JsonNode a : doc.path("actions")) if (id.equals(a.path("id").asText())) return (ObjectNode) a;
        return null;
    }

    private static JsonNode lastOf(ArrayNode actions, String step) {
        JsonNode last = null;
        for (JsonNode a : actions) if (step.equals(a.path("step").asText())) last = a;
        return last;
    }

    static String describe(AgentAction a) {
        return switch (a.type()) {
            case "image" -> "write " + a.parameters().get("url") + " to " + (((Map<?, ?>) a.parameters().get("rootDeviceHints")).isEmpty()
                    ? "the only disk (no root-device hints)" : "the disk chosen by " + a.parameters().get("rootDeviceHints"));
            case "files" -> "write the NoCloud seed and credentials to partition " + a.parameters().get("partition");
            default -> a.type();
        };
    }

    static AgentAction wait(String why, int seconds) {
        return new AgentAction("wait", "wait", Map.of("seconds", seconds, "reason", why));
    }

    static AgentAction done(String why) {
        return new AgentAction("done", "done", Map.of("reason", why));
    }

    private static String lower(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT);
    }
}
