package io.kiln.web.internal;

import io.kiln.api.rest.ApiProblem;
import io.kiln.api.rest.ApiResource;
import io.kiln.api.rest.ApiResponse;
import io.kiln.api.security.ApiAccess;
import java.io.IOException;
import java.util.Map;
import javax.servlet.Servlet;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletAsyncSupported;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletPattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one servlet of the REST API under /api/v1, for every bundle's {@link ApiResource}s: who may call (the one
 * access rule), then {@link ApiRouter}, then the answer as JSON (the one JSON setup, {@link JsonBody}) or
 * {@code application/problem+json}. It needs only the access rule, so /api/v1 stays up whatever else is missing.
 */
@Component(service = Servlet.class)
@HttpWhiteboardServletPattern("/api/v1/*")
@HttpWhiteboardServletName("kiln-api-v1")
@HttpWhiteboardServletAsyncSupported
public class ApiServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    private static final Logger LOG = LoggerFactory.getLogger(ApiServlet.class);

    private final transient ApiRouter router = new ApiRouter();
    private final transient ApiAccess access;

    @Activate
    public ApiServlet(@Reference ApiAccess access) {
        this.access = access;
        // one line per (re)start: a restart means /api/v1 was away for a moment (404 pages), so it should be rare
        LOG.info("REST API at /api/v1 started");
    }

    /** A resource of any bundle arrives; its {@link ApiResource#PATH} property says which paths it serves. */
    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    public void addResource(ApiResource resource, Map<String, Object> properties) {
        router.add(resource, properties.get(ApiResource.PATH));
    }

    public void removeResource(ApiResource resource, Map<String, Object> properties) {
        router.remove(resource);
    }

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        ApiResponse reply = answer(req);
        // an event stream: the request goes async and this thread returns to Jetty
        if (reply.body() instanceof Streaming stream) stream.start(req, resp);
        else write(resp, reply);
    }

    private ApiResponse answer(HttpServletRequest req) throws IOException {
        try {
            boolean upload = isPluginUpload(req);
            return router.handle(HttpRequests.of(req, admit(req, upload), upload ? PLUGIN_MAX_BODY : HttpRequests.MAX_BODY));
        } catch (RuntimeException e) { // refused, or reading the request failed (body too large, bad query string)
            return Problems.of(e, req.getMethod(), "/api/v1" + (req.getPathInfo() == null ? "" : req.getPathInfo()));
        }
    }

    /**
     * The access rule: allowed client, then a Karaf user who may read (GET, HEAD) or change state.
     *
     * @return the user's name
     * @throws ApiProblem 401 (with WWW-Authenticate) or 403
     */
    private String admit(HttpServletRequest req, boolean adminOnly) {
        String method = req.getMethod();
        String authorization = req.getHeader("Authorization");
        ApiAccess.Decision who = adminOnly ? access.checkAdmin(req.getRemoteAddr(), authorization)
                : access.check(req.getRemoteAddr(), authorization, !("GET".equals(method) || "HEAD".equals(method)));
        if (who == ApiAccess.Decision.ALLOWED) return JaasApiAuth.user(authorization);
        String why = access.explain(who, req.getRemoteAddr());
        if (who == ApiAccess.Decision.UNAUTHENTICATED) throw new ApiProblem(401, why, Map.of("WWW-Authenticate", "Basic realm=\"kiln\""));
        throw new ApiProblem(who.status(), why);
    }

    /** Largest plugin jar a POST /api/v1/plugins takes. */
    static final int PLUGIN_MAX_BODY = 32 << 20;

    /**
     * POST /api/v1/plugins installs code into the appliance: admin only (managers change state, not code), and its
     * body is a jar, larger than the JSON bodies of the rest.
     */
    static boolean isPluginUpload(HttpServletRequest req) {
        return "POST".equals(req.getMethod()) && HttpRequests.segments(req.getPathInfo()).equals(java.util.List.of("plugins"));
    }

    /** Writes an answer: JSON, a problem, or a file as is (also for kiln-web's other servlets' problems). */
    static void write(HttpServletResponse resp, ApiResponse reply) throws IOException {
        // a byte[] body is a file the resource made (e.g. a backup), written as is under its Content-Type
        byte[] bytes = reply.body() instanceof byte[] raw ? raw : JsonBody.write(reply.body());
        resp.setStatus(reply.status());
        reply.headers().forEach(resp::setHeader);
        resp.setContentType(reply.headers().getOrDefault("Content-Type", "application/json"));
        resp.setContentLength(bytes.length);
        resp.getOutputStream().write(bytes);
    }
}
