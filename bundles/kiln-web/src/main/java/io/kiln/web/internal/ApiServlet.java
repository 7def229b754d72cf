package io.kiln.web.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.kiln.api.KilnException;
import io.kiln.api.boot.BootAdvisor;
import io.kiln.api.boot.BootRequest;
import io.kiln.api.dhcp.DhcpService;
import io.kiln.api.inventory.BootProfile;
import io.kiln.api.inventory.Host;
import io.kiln.api.inventory.Inventory;
import io.kiln.api.inventory.MacAddress;
import io.kiln.api.tftp.TftpService;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.servlet.Servlet;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletPattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The REST API under /api/v1: the same operations as the kiln:* commands, through the same services.
 * Thin on purpose: parse, call one service, write JSON; KilnException kinds map to 400/404/409/503.
 */
@Component(service = Servlet.class, configurationPid = "io.kiln.web")
@Designate(ocd = ApiConfig.class)
@HttpWhiteboardServletPattern("/api/v1/*")
@HttpWhiteboardServletName("kiln-api-v1")
public class ApiServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(ApiServlet.class);

    private final transient Inventory inventory;
    private final transient BootAdvisor advisor;
    private final transient DhcpService dhcp;
    private final transient TftpService tftp;
    private final transient ApiAuth auth;
    private final transient ClientFilter clients;
    private final transient ObjectMapper json = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS).enable(SerializationFeature.INDENT_OUTPUT)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    @Activate
    public ApiServlet(@Reference Inventory inventory, @Reference BootAdvisor advisor, @Reference DhcpService dhcp,
                      @Reference TftpService tftp, ApiConfig config) {
        this(inventory, advisor, dhcp, tftp, new JaasApiAuth("karaf"), new ClientFilter(config.allowedClients()));
    }

    ApiServlet(Inventory inventory, BootAdvisor advisor, DhcpService dhcp, TftpService tftp, ApiAuth auth, ClientFilter clients) {
        this.inventory = inventory;
        this.advisor = advisor;
        this.dhcp = dhcp;
        this.tftp = tftp;
        this.auth = auth;
        this.clients = clients;
    }

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        if (!clients.allows(req.getRemoteAddr())) {
            error(resp, 403, "the REST API does not accept requests from " + req.getRemoteAddr()
                    + " (allowedClients in etc/io.kiln.web.cfg)");
            return;
        }
        String method = req.getMethod();
        boolean write = !("GET".equals(method) || "HEAD".equals(method));
        ApiAuth.Result who = auth.check(req.getHeader("Authorization"), write);
        if (who != ApiAuth.Result.OK) {
            if (who == ApiAuth.Result.UNAUTHENTICATED) resp.setHeader("WWW-Authenticate", "Basic realm=\"kiln\"");
            error(resp, who == ApiAuth.Result.UNAUTHENTICATED ? 401 : 403,
                    who == ApiAuth.Result.UNAUTHENTICATED ? "authentication required (HTTP Basic, a Karaf user)" : "your role may not change state (needs admin)");
            return;
        }
        String path = req.getPathInfo() == null ? "/" : req.getPathInfo();
        String[] seg = path.replaceAll("^/+|/+$", "").split("/");
        try {
            Object result = route(method, seg, req, resp);
            if (result != null) write(resp, resp.getStatus(), result);
        } catch (KilnException e) {
            error(resp, switch (e.kind()) {
                case INVALID -> 400;
                case NOT_FOUND -> 404;
                case CONFLICT -> 409;
                case UNAVAILABLE -> 503;
            }, e.getMessage());
        } catch (JsonProcessingException e) {
            error(resp, 400, "request body is not valid JSON for this resource: " + e.getOriginalMessage());
        } catch (RuntimeException e) {
            LOG.error("REST {} {} failed", method, path, e);
            error(resp, 500, "internal error (see the Kiln log): " + e.getClass().getSimpleName());
        }
    }

    private Object route(String method, String[] seg, HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String top = seg[0];
        String id = seg.length > 1 ? seg[1] : null;
        if (seg.length > 2) throw KilnException.notFound("no such resource: " + String.join("/", seg));
        switch (top) {
            case "hosts":
                if (id == null) {
                    if ("GET".equals(method)) return Paging.page(inventory.hosts(), req);
                    if ("POST".equals(method)) {
                        resp.setStatus(201);
                        return inventory.addHost(read(req, Host.class));
                    }
                } else {
                    if ("GET".equals(method)) return inventory.host(id).orElseThrow(() -> KilnException.notFound("no host named '" + id + "'"));
                    if ("PUT".equals(method)) return inventory.updateHost(sameName(id, read(req, Host.class).name(), "host") ? read(req, Host.class) : null);
                    if ("DELETE".equals(method)) return inventory.removeHost(id);
                }
                break;
            case "profiles":
                if (id == null) {
                    if ("GET".equals(method)) return Paging.page(inventory.profiles(), req);
                    if ("POST".equals(method)) {
                        resp.setStatus(201);
                        return inventory.addProfile(read(req, BootProfile.class));
                    }
                } else {
                    if ("GET".equals(method)) return inventory.profile(id).orElseThrow(() -> KilnException.notFound("no profile named '" + id + "'"));
                    if ("PUT".equals(method)) return inventory.updateProfile(sameName(id, read(req, BootProfile.class).name(), "profile") ? read(req, BootProfile.class) : null);
                    if ("DELETE".equals(method)) return inventory.removeProfile(id);
                }
                break;
            case "leases":
                if (id == null && "GET".equals(method)) return Paging.page(dhcp.leases(), req);
                break;
            case "dhcp":
                if ("status".equals(id) && "GET".equals(method)) return dhcp.status();
                if ("log".equals(id) && "GET".equals(method)) {
                    String mac = req.getParameter("mac");
                    return dhcp.recent(mac == null || mac.isBlank() ? null : MacAddress.canonical(mac), Paging.intParam(req, "limit", 100));
                }
                break;
            case "tftp":
                if ("status".equals(id) && "GET".equals(method)) return tftp.status();
                break;
            case "boot":
                if ("explain".equals(id) && "GET".equals(method)) {
                    String mac = MacAddress.canonical(req.getParameter("mac"));
                    Integer arch = Paging.intParam(req, "arch", 0);
                    boolean ipxe = Boolean.parseBoolean(req.getParameter("ipxe"));
                    Map<String, Object> out = new LinkedHashMap<>();
                    out.put("request", BootRequest.of(mac, arch, ipxe));
                    out.put("decision", advisor.decide(BootRequest.of(mac, arch, ipxe)));
                    return out;
                }
                break;
            default:
                throw KilnException.notFound("no such resource: /api/v1/" + top + " (try hosts, profiles, leases, dhcp/status, dhcp/log, tftp/status, boot/explain)");
        }
        resp.setHeader("Allow", id == null ? "GET, POST" : "GET, PUT, DELETE");
        error(resp, 405, method + " is not supported on /api/v1/" + String.join("/", seg));
        return null;
    }

    private <T> T read(HttpServletRequest req, Class<T> type) throws IOException {
        // the body is read once per request and cached in a request attribute (PUT parses it twice)
        byte[] b = (byte[]) req.getAttribute("kiln.body");
        if (b == null) {
            b = req.getInputStream().readNBytes(1 << 20);
            req.setAttribute("kiln.body", b);
        }
        if (b.length == 0) throw KilnException.invalid("a JSON body is required");
        try {
            return json.readValue(b, type);
        } catch (com.fasterxml.jackson.databind.exc.ValueInstantiationException e) {
            if (e.getCause() instanceof KilnException k) throw k;
            throw KilnException.invalid(e.getOriginalMessage());
        }
    }

    private static boolean sameName(String path, String body, String what) {
        if (!path.equals(body)) throw KilnException.invalid(what + " name in the body ('" + body + "') differs from the URL ('" + path + "')");
        return true;
    }

    private void write(HttpServletResponse resp, int status, Object value) throws IOException {
        byte[] bytes = json.writeValueAsBytes(value);
        resp.setStatus(status);
        resp.setContentType("application/json");
        resp.setContentLength(bytes.length);
        resp.getOutputStream().write(bytes);
    }

    private void error(HttpServletResponse resp, int status, String message) throws IOException {
        write(resp, status, Map.of("status", status, "error", message == null ? "" : message));
    }
}
