package io.kiln.onboarding.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kiln.api.KilnException;
import io.kiln.api.onboarding.OnboardOutcome;
import io.kiln.api.onboarding.OnboardRequest;
import io.kiln.api.onboarding.Onboarding;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
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
 * {@code POST /api/v1/onboard} on the HTTPS endpoint (PROTOCOL.md §1): 200 with credentials, 202 while an operator
 * decides, 403 when refused, 400 for a request that cannot be read. Thin: parse, ask {@link Onboarding}, answer.
 */
@Component(service = Servlet.class, property = HttpsEndpoint.PREFIX + "=/api/v1/onboard")
public final class OnboardServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(OnboardServlet.class);
    private final transient Onboarding onboarding;

    @Activate
    public OnboardServlet(@Reference Onboarding onboarding) {
        this.onboarding = onboarding;
    }

    @Override
    protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        OnboardOutcome o;
        try {
            JsonNode b = Json.readObject(req.getInputStream());
            List<String> macs = new ArrayList<>();
            b.path("macs").forEach(m -> macs.add(m.asText()));
            o = onboarding.onboard(new OnboardRequest(Json.text(b, "uuid"), Json.text(b, "serial"), macs, Json.text(b, "token"),
                    Json.text(b, "csr"), Json.strings(b.get("facts")), req.getRemoteAddr()));
        } catch (KilnException e) {
            int status = Json.status(e);
            LOG.info("onboarding request from {} refused ({}): {}", req.getRemoteAddr(), status, e.getMessage());
            Json.problem(resp, status, status == 400 ? "Bad Request" : "Not Onboarded", e.getMessage());
            return;
        } catch (RuntimeException e) {
            LOG.warn("onboarding request from {} failed", req.getRemoteAddr(), e);
            Json.problem(resp, 500, "Internal Server Error", "Kiln could not decide on this request; see the Kiln log");
            return;
        }
        switch (o.result()) {
            case ONBOARDED -> {
                ObjectNode body = Json.object().put("host", o.host()).put("certificate", o.certificate()).put("ca", o.ca())
                        .put("certificateExpires", o.certificateExpires().toString()).put("token", o.token())
                        .put("tokenExpires", o.tokenExpires().toString()).put("agentUrl", AgentServlet.base(req) + "/agent/v1");
                Json.send(resp, 200, body);
            }
            case PENDING -> {
                LOG.info("onboarding request from {} waits: {}", req.getRemoteAddr(), o.reason());
                resp.setHeader("Retry-After", Integer.toString(o.retryAfterSeconds()));
                Json.send(resp, 202, Json.object().put("state", "pending").put("id", o.pendingId()).put("reason", o.reason())
                        .put("retryAfterSeconds", o.retryAfterSeconds()));
            }
            case REFUSED -> {
                LOG.info("onboarding request from {} refused: {}", req.getRemoteAddr(), o.reason());
                Json.problem(resp, 403, "Forbidden", o.reason());
            }
        }
    }
}
