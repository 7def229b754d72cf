package io.kiln.gitops.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.kiln.api.KilnException;
import io.kiln.api.gitops.ApplyResult;
import io.kiln.api.gitops.DeclarativeInventory;
import io.kiln.api.security.ApiAccess;
import io.kiln.api.gitops.InventoryDiff;
import io.kiln.api.gitops.InventorySync;
import io.kiln.api.gitops.SyncStatus;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.servlet.Servlet;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletPattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The declarative inventory over REST, under /api/v1/inventory/ (more specific than kiln-web's /api/v1/*, so the
 * whiteboard sends these paths here). Same rules as the rest of the API: allowedClients of io.kiln.web, HTTP Basic
 * with a Karaf user, writes for admin/manager.
 *
 * <pre>
 * POST /api/v1/inventory/apply?dir=ABSOLUTE_DIR&amp;prune=false
 * GET  /api/v1/inventory/diff?dir=ABSOLUTE_DIR
 * POST /api/v1/inventory/export?dir=ABSOLUTE_DIR
 * GET  /api/v1/inventory/status
 * POST /api/v1/inventory/sync          (reconcile the watched directory / git branch now)
 * </pre>
 */
@Component(service = Servlet.class)
@HttpWhiteboardServletPattern("/api/v1/inventory/*")
@HttpWhiteboardServletName("kiln-api-v1-inventory")
public class InventoryApiServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(InventoryApiServlet.class);

    private final transient DeclarativeInventory declarative;
    private final transient InventorySync sync;
    private final transient ApiAccess access;
    private final transient ObjectMapper json = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS).enable(SerializationFeature.INDENT_OUTPUT);

    @Activate
    public InventoryApiServlet(@Reference DeclarativeInventory declarative, @Reference InventorySync sync, @Reference ApiAccess access) {
        this.declarative = declarative;
        this.sync = sync;
        this.access = access;
    }

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String method = req.getMethod();
        boolean write = !("GET".equals(method) || "HEAD".equals(method));
        ApiAccess.Decision who = access.check(req.getRemoteAddr(), req.getHeader("Authorization"), write);
        if (who != ApiAccess.Decision.ALLOWED) {
            if (who == ApiAccess.Decision.UNAUTHENTICATED) resp.setHeader("WWW-Authenticate", "Basic realm=\"kiln\"");
            error(resp, who.status(), access.explain(who, req.getRemoteAddr()));
            return;
        }
        String path = req.getPathInfo() == null ? "" : req.getPathInfo().replaceAll("^/+|/+$", "");
        try {
            write(resp, 200, route(method, path, req));
        } catch (KilnException e) {
            error(resp, switch (e.kind()) {
                case INVALID -> 400;
                case NOT_FOUND -> 404;
                case CONFLICT -> 409;
                case UNAVAILABLE -> 503;
            }, e.getMessage());
        } catch (RuntimeException e) {
            LOG.error("REST {} /api/v1/inventory/{} failed", method, path, e);
            error(resp, 500, "internal error (see the Kiln log): " + e.getClass().getSimpleName());
        }
    }

    private Object route(String method, String path, HttpServletRequest req) {
        switch (path) {
            case "apply":
                if ("POST".equals(method)) return applied(declarative.apply(dir(req), flag(req, "prune")));
                break;
            case "diff":
                if ("GET".equals(method)) return diff(declarative.diff(dir(req)));
                break;
            case "export":
                if ("POST".equals(method)) {
                    Path dir = dir(req);
                    declarative.export(dir);
                    return Map.of("exported", dir.toString());
                }
                break;
            case "status":
                if ("GET".equals(method)) return status(sync.status());
                break;
            case "sync":
                if ("POST".equals(method)) return status(sync.syncNow());
                break;
            default:
                throw KilnException.notFound("no such resource: inventory/" + path + " (apply, diff, export, status, sync)");
        }
        throw new KilnException(KilnException.Kind.INVALID, method + " is not supported on inventory/" + path);
    }

    static Map<String, Object> applied(ApplyResult r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("summary", r.summary());
        m.put("created", r.created());
        m.put("updated", r.updated());
        m.put("deleted", r.deleted());
        m.put("unchanged", r.unchanged().size());
        m.put("implied", r.implied());
        return m;
    }

    /** The status with the last result as counts and changed names (not the possibly long list of unchanged ones). */
    static Map<String, Object> status(SyncStatus s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("mode", s.mode());
        m.put("source", s.source());
        m.put("prune", s.prune());
        m.put("lastCheck", s.lastCheck());
        m.put("revision", s.revision());
        m.put("lastApplied", s.lastApplied());
        m.put("lastResult", s.lastResult() == null ? null : applied(s.lastResult()));
        m.put("lastError", s.lastError());
        m.put("lastErrorTime", s.lastErrorTime());
        return m;
    }

    static Map<String, Object> diff(InventoryDiff d) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("inSync", d.inSync());
        m.put("same", d.same());
        List<Map<String, String>> entries = d.entries().stream().map(e -> Map.of("id", e.id(), "kind", e.kind().plural(), "name", e.name(),
                "type", e.type().name(), "detail", e.detail())).toList();
        m.put("entries", entries);
        return m;
    }

    private static Path dir(HttpServletRequest req) {
        String d = req.getParameter("dir");
        if (d == null || d.isBlank()) throw KilnException.invalid("parameter 'dir' is required: an absolute directory on the Kiln machine");
        Path p = Path.of(d.trim());
        if (!p.isAbsolute()) throw KilnException.invalid("dir '" + d + "' must be an absolute path on the Kiln machine");
        return p.normalize();
    }

    private static boolean flag(HttpServletRequest req, String name) {
        String v = req.getParameter(name);
        if (v == null || v.isBlank() || v.equalsIgnoreCase("false")) return false;
        if (v.equalsIgnoreCase("true")) return true;
        throw KilnException.invalid(name + " must be true or false, not '" + v + "'");
    }

    private void write(HttpServletResponse resp, int status, Object body) throws IOException {
        resp.setStatus(status);
        resp.setContentType("application/json");
        resp.setCharacterEncoding("UTF-8");
        json.writeValue(resp.getOutputStream(), body);
    }

    private void error(HttpServletResponse resp, int status, String message) throws IOException {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", status);
        body.put("error", message == null ? "" : message);
        write(resp, status, body);
    }
}
