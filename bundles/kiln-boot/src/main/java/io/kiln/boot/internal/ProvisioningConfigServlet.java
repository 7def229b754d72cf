package io.kiln.boot.internal;

import io.kiln.api.KilnException;
import io.kiln.api.events.EventSource;
import io.kiln.api.events.HostEvents;
import io.kiln.api.inventory.HostContext;
import io.kiln.api.hardware.HardwareService;
import io.kiln.api.inventory.Inventory;
import io.kiln.api.template.TemplateRenderer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.servlet.Servlet;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletPattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Per-host provisioning files over HTTP, rendered from the host's variables: {@code /cloud-init/<host>/meta-data},
 * {@code user-data}, {@code network-config}, {@code vendor-data}; {@code /autoinstall/<host>/user-data} and
 * {@code meta-data}; {@code /kickstart/<host>/ks.cfg}; {@code /preseed/<host>/preseed.cfg}; {@code /drivers/<host>/modules}
 * (the kernel modules of the host's driver plan, one a line, for the micro-OS). A file that cannot be
 * rendered completely is not served at all (500 with the template's error, logged): never half a file.
 *
 * <p>Which template renders a file (the profile's override, the role's template set, or the built-in one) is
 * {@link TemplateChoice}'s rule; a profile override naming a missing template is a 500 too, never the built-in.
 */
@Component(service = Servlet.class)
@HttpWhiteboardServletPattern({"/cloud-init/*", "/autoinstall/*", "/kickstart/*", "/preseed/*", "/drivers/*"})
@HttpWhiteboardServletName("kiln-provisioning-configs")
public class ProvisioningConfigServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(ProvisioningConfigServlet.class);
    private static final Pattern PATH = Pattern.compile("/([A-Za-z0-9][A-Za-z0-9._-]{0,62})/([a-z.-]+)");
    private final transient Inventory inventory;
    private final transient ProvisioningFileRenderer files;
    /** Optional: without it the files carry no driver plan; its coming and going never restarts this component. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    volatile transient HardwareService hardware;
    /** Optional (kiln-events): each file served to a host, or why it could not be, goes into its timeline. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    volatile transient HostEvents timeline;

    @Activate
    public ProvisioningConfigServlet(@Reference Inventory inventory, @Reference TemplateRenderer renderer) {
        this.inventory = inventory;
        this.files = new ProvisioningFileRenderer(inventory, renderer, () -> this.hardware);
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        Matcher m = PATH.matcher(req.getPathInfo() == null ? "" : req.getPathInfo());
        if (!m.matches()) {
            send(resp, 404, "text/plain", "expected " + req.getServletPath() + "/<host>/<file>\n");
            return;
        }
        String hostName = m.group(1), file = m.group(2);
        // the path as asked, host included: what the timeline shows and kiln:boot-file takes
        String path = req.getServletPath() + req.getPathInfo();
        HostContext host = inventory.context(hostName).orElse(null);
        if (req.getServletPath().equals("/cloud-init") && file.equals("vendor-data")) {
            if (host != null) record(host, "config-served", path + " (empty: Kiln has no vendor data), to " + req.getRemoteAddr());
            send(resp, 200, "text/cloud-config", "#cloud-config\n{}\n"); // NoCloud asks for it; Kiln has none
            return;
        }
        if (req.getServletPath().equals("/drivers")) {
            if (host == null || !file.equals("modules")) {
                send(resp, 404, "text/plain", (host == null ? "no host named '" + hostName + "'" : "no file '" + file + "' here (modules)") + "\n");
                return;
            }
            io.kiln.api.hardware.DriverPlan plan = files.drivers(host);
            java.util.List<String> modules = plan == null ? java.util.List.of() : plan.modules().stream()
                    .filter(mod -> ProvisioningVariables.MODULE.matcher(mod).matches()).toList();
            LOG.info("served {} ({} modules) to {}", path, modules.size(), req.getRemoteAddr());
            record(host, "config-served", path + " (" + modules.size() + " kernel modules of the driver plan), to " + req.getRemoteAddr());
            send(resp, 200, "text/plain", modules.stream().map(mod -> mod + "\n").collect(java.util.stream.Collectors.joining()));
            return;
        }
        String template = ProvisioningFileRenderer.template(req.getServletPath(), file);
        if (template == null || host == null) {
            send(resp, 404, "text/plain", (host == null ? "no host named '" + hostName + "'" : "no file '" + file + "' here") + "\n");
            return;
        }
        try {
            ProvisioningFileRenderer.Result r = files.render(host, template, IpxeScriptServlet.baseUrl(req));
            LOG.info("served {} from {} ({}) to {}", path, r.choice().template(), r.choice().because(), req.getRemoteAddr());
            record(host, "config-served", path + " from " + r.choice().template() + " (" + r.choice().because() + "), to " + req.getRemoteAddr());
            send(resp, 200, r.file().contentType(), r.file().content());
        } catch (KilnException e) {
            LOG.error("cannot serve {}: {}", path, e.getMessage());
            record(host, "config-failed", path + " to " + req.getRemoteAddr() + ": " + e.getMessage());
            send(resp, e.kind() == KilnException.Kind.NOT_FOUND ? 404 : 500, "text/plain", e.getMessage() + "\n");
        }
    }

    private void record(HostContext host, String type, String detail) {
        HostEvents t = timeline;
        if (t != null) t.record(host.host().name(), EventSource.HTTP, type, detail);
    }

    private static void send(HttpServletResponse resp, int status, String type, String body) throws IOException {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        resp.setStatus(status);
        resp.setContentType(type.contains("charset") ? type : type + "; charset=utf-8");
        resp.setContentLength(b.length);
        resp.getOutputStream().write(b);
    }
}
