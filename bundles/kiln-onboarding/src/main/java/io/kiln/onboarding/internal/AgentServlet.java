package io.kiln.onboarding.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kiln.api.KilnException;
import io.kiln.api.onboarding.AgentAction;
import io.kiln.api.onboarding.AgentCaller;
import io.kiln.api.onboarding.AgentIdentity;
import io.kiln.api.onboarding.AgentService;
import io.kiln.api.onboarding.OnboardOutcome;
import java.io.IOException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.servlet.Servlet;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent API under {@code /agent/v1} on the HTTPS endpoint (PROTOCOL.md §2): every call must carry the host's
 * client certificate and its token, checked by {@link AgentService#authenticate} before anything else.
 */
@Component(service = Servlet.class, property = HttpsEndpoint.PREFIX + "=/agent/v1")
public final class AgentServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(AgentServlet.class);
    private static final Pattern ACTION = Pattern.compile("/actions/([A-Za-z0-9._-]{1,64})/(progress|result)");
    private final transient AgentService agents;

    @Activate
    public AgentServlet(@Reference AgentService agents) {
        this.agents = agents;
    }

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        AgentIdentity who = agents.authenticate(caller(req));
        if (!who.ok()) {
            LOG.info("agent API {} {} from {} refused ({}): {}", req.getMethod(), req.getRequestURI(), req.getRemoteAddr(), who.status(), who.reason());
            if (who.status() == 401) resp.setHeader("WWW-Authenticate", "Bearer realm=\"kiln-agent\"");
            Json.problem(resp, who.status(), who.status() == 401 ? "Unauthorized" : "Forbidden", who.reason());
            return;
        }
        String host = who.host();
        String path = req.getPathInfo() == null ? "" : req.getPathInfo();
        String method = req.getMethod();
        try {
            if (path.equals("/next") && method.equals("GET")) {
                Json.send(resp, 200, action(agents.next(host, req.getParameter("received")), req));
            } else if (path.equals("/heartbeat") && method.equals("POST")) {
                agents.heartbeat(host);
                resp.setStatus(204);
            } else if (path.equals("/firstboot") && method.equals("POST")) {
                JsonNode b = Json.readObject(req.getInputStream());
                agents.firstBoot(host, Json.text(b, "marker"), Json.strings(b.get("facts")));
                resp.setStatus(204);
            } else if (path.equals("/certificate") && method.equals("POST")) {
                JsonNode b = Json.readObject(req.getInputStream());
                String csr = Json.text(b, "csr");
                if (csr == null) throw KilnException.invalid("csr: a PEM PKCS#10 certificate request is missing");
                OnboardOutcome o = agents.renew(host, csr);
                Json.send(resp, 200, Json.object().put("certificate", o.certificate()).put("certificateExpires", o.certificateExpires().toString())
                        .put("token", o.token()).put("tokenExpires", o.tokenExpires().toString()));
            } else {
                Matcher m = ACTION.matcher(path);
                if (!m.matches() || !method.equals("POST")) {
                    Json.problem(resp, 404, "Not Found", method + " " + req.getRequestURI()
                            + ": the agent API has GET next, POST heartbeat, firstboot, certificate, actions/{id}/progress, actions/{id}/result");
                    return;
                }
                JsonNode b = Json.readObject(req.getInputStream());
                if (m.group(2).equals("progress")) {
                    List<String> log = new ArrayList<>();
                    b.path("log").forEach(l -> log.add(l.asText()));
                    agents.progress(host, m.group(1), b.hasNonNull("percent") ? b.get("percent").asInt() : null, Json.text(b, "message"), log);
                } else {
                    if (!b.has("ok") || !b.get("ok").isBoolean()) throw KilnException.invalid("ok: true or false is missing");
                    agents.result(host, m.group(1), b.get("ok").asBoolean(), Json.text(b, "message"), Json.strings(b.get("details")));
                }
                resp.setStatus(204);
            }
        } catch (KilnException e) {
            Json.problem(resp, Json.status(e), "Refused", e.getMessage());
        } catch (RuntimeException e) {
            LOG.warn("agent API {} {} for host {} failed", method, path, host, e);
            Json.problem(resp, 500, "Internal Server Error", "Kiln could not answer; see the Kiln log");
        }
    }

    /** The action as the agent reads it: id, type and the type's fields; artifact paths made absolute on this endpoint. */
    static ObjectNode action(AgentAction a, HttpServletRequest req) {
        ObjectNode n = Json.MAPPER.valueToTree(a.parameters());
        n.put("id", a.id()).put("type", a.type());
        String url = Json.text(n, "url");
        if (url != null && url.startsWith("/")) n.put("url", base(req) + url);
        return n;
    }

    static AgentCaller caller(HttpServletRequest req) {
        Object certs = req.getAttribute("javax.servlet.request.X509Certificate");
        X509Certificate cert = certs instanceof X509Certificate[] a && a.length > 0 ? a[0] : null;
        String auth = req.getHeader("Authorization");
        String token = auth != null && auth.regionMatches(true, 0, "Bearer ", 0, 7) ? auth.substring(7).trim() : null;
        return new AgentCaller(cert, token, req.getRemoteAddr());
    }

    /** https://host:port as the client reached this endpoint. */
    static String base(HttpServletRequest req) {
        String host = req.getServerName();
        if (host == null || !host.matches("[A-Za-z0-9.-]{1,253}|\\[[0-9A-Fa-f:.]+]")) host = req.getLocalAddr();
        if (host.indexOf(':') >= 0 && !host.startsWith("[")) host = "[" + host + "]";
        return "https://" + host + ":" + req.getLocalPort();
    }
}
