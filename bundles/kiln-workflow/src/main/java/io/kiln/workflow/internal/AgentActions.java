package io.kiln.workflow.internal;

import io.kiln.api.KilnException;
import io.kiln.api.boot.ProvisioningFiles;
import io.kiln.api.inventory.BootProfile;
import io.kiln.api.inventory.HostContext;
import io.kiln.api.inventory.InstallMethod;
import io.kiln.api.inventory.Instance;
import io.kiln.api.inventory.Inventory;
import io.kiln.api.onboarding.AgentAction;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/** What the node agent is handed for a step that runs on it (node-agent/PROTOCOL.md, "Actions"). */
final class AgentActions {
    /** Where the NoCloud seed goes in the installed system, unless the host's variable seed.dir says otherwise. */
    static final String SEED_DIR = "/var/lib/cloud/seed/nocloud";
    static final String CREDENTIALS_DIR = "/etc/kiln";

    private final Inventory inventory;
    private final Supplier<ProvisioningFiles> files;

    AgentActions(Inventory inventory, Supplier<ProvisioningFiles> files) {
        this.inventory = inventory;
        this.files = files;
    }

    /**
     * @param params the step's parameters with the host's variables filled in
     * @throws KilnException INVALID when the action cannot be built for this host (said why): the attempt fails
     */
    AgentAction build(String id, ActionType type, Map<String, String> params, String host, String kilnUrl) {
        HostContext c = inventory.context(host).orElseThrow(() -> KilnException.notFound("no host named '" + host + "'"));
        Map<String, String> vars = Params.variables(c);
        Map<String, Object> p = new LinkedHashMap<>();
        try {
            switch (type) {
                case WIPE -> p.put("rootDeviceHints", RootDeviceHints.of(vars));
                case IMAGE -> {
                    String url = params.get("url"), sha = params.get("sha256");
                    if (url == null) {
                        BootProfile profile = profile(c);
                        url = profile.image().url();
                        sha = profile.image().sha256();
                    }
                    if (sha == null) throw KilnException.invalid("image " + url + ": no sha256 (give the step a sha256 parameter)");
                    // artifact paths are served over HTTPS too; the agent API makes them absolute with the address it was reached at
                    p.put("url", url.startsWith("http://") || url.startsWith("https://") ? url : "/artifacts/" + url);
                    p.put("sha256", sha);
                    p.put("compression", params.getOrDefault("compression", vars.getOrDefault("image.compression", "auto")));
                    p.put("rootDeviceHints", RootDeviceHints.of(vars));
                }
                case FILES -> {
                    p.put("partition", params.getOrDefault("partition", vars.getOrDefault("seed.partition", "1")));
                    p.put("files", seed(host, params.getOrDefault("dir", vars.getOrDefault("seed.dir", SEED_DIR)), kilnUrl));
                    p.put("credentialsDir", CREDENTIALS_DIR);
                }
                case WRITE_FILE -> {
                    String path = params.get("path");
                    if (path == null || !path.startsWith("/")) throw KilnException.invalid("write-file needs an absolute path parameter");
                    p.put("partition", params.getOrDefault("partition", vars.getOrDefault("seed.partition", "1")));
                    p.put("files", List.of(Map.of("path", path, "mode", params.getOrDefault("mode", "0644"), "content", params.getOrDefault("content", ""))));
                }
                case SCRIPT -> {
                    String script = params.get("script");
                    if (script == null || script.isBlank()) throw KilnException.invalid("script needs a script parameter");
                    p.put("script", script);
                    p.put("timeoutSeconds", Integer.parseInt(params.getOrDefault("timeoutSeconds", "300")));
                }
                case REBOOT -> {
                }
                default -> throw new IllegalStateException(type + " does not run on the agent");
            }
        } catch (IllegalArgumentException e) {
            throw KilnException.invalid(e.getMessage());
        }
        return new AgentAction(id, type.word(), p);
    }

    private BootProfile profile(HostContext c) {
        Instance i = c.instance();
        if (i == null) throw KilnException.invalid("host '" + c.host().name() + "' has no instance, so no profile names an image");
        BootProfile profile = inventory.profile(i.profile()).orElseThrow(() -> KilnException.invalid("profile '" + i.profile() + "' of the instance does not exist"));
        if (profile.install() != InstallMethod.IMAGE) {
            throw KilnException.invalid("profile '" + profile.name() + "' installs with " + profile.install().name().toLowerCase(java.util.Locale.ROOT)
                    + ", not an image: its installer writes the disk (give the step url and sha256 parameters, or use another workflow)");
        }
        if (profile.image() == null) throw KilnException.invalid("profile '" + profile.name() + "' installs an image but names none (--image URL --sha256 HEX)");
        return profile;
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

    static String describe(AgentAction a) {
        return switch (a.type()) {
            case "image" -> "write " + a.parameters().get("url") + " to " + (((Map<?, ?>) a.parameters().get("rootDeviceHints")).isEmpty()
                    ? "the only disk (no root-device hints)" : "the disk chosen by " + a.parameters().get("rootDeviceHints"));
            case "files" -> "write " + ((List<?>) a.parameters().get("files")).size() + " file(s)" + (a.parameters().containsKey("credentialsDir")
                    ? " and the credentials" : "") + " to partition " + a.parameters().get("partition");
            default -> a.type();
        };
    }
}
