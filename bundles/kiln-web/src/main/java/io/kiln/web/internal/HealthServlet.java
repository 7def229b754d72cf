package io.kiln.web.internal;

import io.kiln.api.status.ApplianceStatus;
import io.kiln.api.status.StatusService;
import io.kiln.api.status.SubsystemStatus;
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
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletPattern;

/**
 * {@code GET /health}: liveness and readiness for a monitoring system, without credentials and from any address
 * (it says only states, the version and the uptime; reasons are at {@code /api/v1/status}). 200 while ready, 503 when
 * not (store, inventory or HTTP boot down), so a probe needs no JSON parser.
 */
@Component(service = Servlet.class)
@HttpWhiteboardServletPattern("/health")
@HttpWhiteboardServletName("kiln-health")
public class HealthServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    private final transient StatusService status;

    @Activate
    public HealthServlet(@Reference(cardinality = ReferenceCardinality.OPTIONAL, policyOption = ReferencePolicyOption.GREEDY) StatusService status) {
        this.status = status;
    }

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        if (!"GET".equals(req.getMethod()) && !"HEAD".equals(req.getMethod())) {
            ApiServlet.write(resp, Problems.problem(405, req.getMethod() + " is not supported on /health (allowed: GET, HEAD)", "/health",
                    Map.of("Allow", "GET, HEAD")));
            return;
        }
        Map<String, Object> body = body(status == null ? null : status.status());
        write(resp, Boolean.TRUE.equals(body.get("ready")) ? 200 : 503, body);
    }

    static Map<String, Object> body(ApplianceStatus s) {
        Map<String, Object> out = new LinkedHashMap<>();
        if (s == null) {
            out.put("status", "DOWN");
            out.put("live", true);
            out.put("ready", false);
            return out;
        }
        out.put("status", s.overall().name());
        out.put("live", true);
        out.put("ready", s.ready());
        out.put("version", s.version());
        out.put("uptimeSeconds", s.uptime().toSeconds());
        Map<String, String> subsystems = new LinkedHashMap<>();
        for (SubsystemStatus x : s.subsystems()) subsystems.put(x.name(), x.state().name());
        out.put("subsystems", subsystems);
        return out;
    }

    private static void write(HttpServletResponse resp, int status, Object body) throws IOException {
        byte[] bytes = JsonBody.write(body);
        resp.setStatus(status);
        resp.setContentType("application/json");
        resp.setHeader("Cache-Control", "no-store");
        resp.setContentLength(bytes.length);
        resp.getOutputStream().write(bytes);
    }
}
