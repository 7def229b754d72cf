package io.kiln.web.internal;

import io.kiln.api.rest.ApiProblem;
import io.kiln.api.rest.ApiResource;
import io.kiln.api.rest.ApiResponse;
import io.kiln.api.security.ApiAccess;
import java.io.IOException;
import java.util.List;
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
@Component(service = Servlet.class, property = "kiln.https.prefix=/api/v1")
@HttpWhiteboardServletPattern("/api/v1/*")
@HttpWhiteboardServletName("kiln-api-v1")
@HttpWhiteboardServletAsyncSupported
public class ApiServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    private static final Logger LOG = LoggerFactory.getLogger(ApiServlet.class);

    private final transient ApiRouter router = new ApiRouter();
    private final transient ApiAccess access;
    private final transient Sessions sessions;
    private final transient SessionEndpoint sessionEndpoint;

    /** Without console sessions of its own wiring (tests of other bundles' resources). */
    public ApiServlet(ApiAccess access) {
        this(access, new Sessions(Map.of()));
    }

    @Activate
    public ApiServlet(@Reference ApiAccess access, @Reference Sessions sessions) {
        this.access = access;
        this.sessions = sessions;
        this.sessionEndpoint = new SessionEndpoint(sessions);
        // listed in the route table (GET /api/v1, which the OpenAPI check holds to the document); the servlet itself
        // answers /session before the access rule, as a login has no credentials yet
        router.add(r -> sessionEndpoint.handle(r, null, false), SessionEndpoint.PATH);
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
            List<String> path = HttpRequests.segments(req.getPathInfo());
            if (!path.isEmpty() && path.get(0).equals(SessionEndpoint.PATH)) {
                if (access.check(req.getRemoteAddr(), null, false) == ApiAccess.Decision.CLIENT_REFUSED) {
                    throw new ApiProblem(403, access.explain(ApiAccess.Decision.CLIENT_REFUSED, req.getRemoteAddr()));
                }
                return sessionEndpoint.handle(HttpRequests.of(req, null), req.getRemoteAddr(), req.isSecure());
            }
            boolean upload = isPluginUpload(req);
            return router.handle(HttpRequests.of(req, admit(req, path, upload || isStoreCopy(path)), upload ? PLUGIN_MAX_BODY : HttpRequests.MAX_BODY));
        } catch (RuntimeException e) { // refused, or reading the request failed (body too large, bad query string)
            return Problems.of(e, req.getMethod(), "/api/v1" + (req.getPathInfo() == null ? "" : req.getPathInfo()));
        }
    }

    /**
     * The access rule: allowed client, then a Karaf user who may read (GET, HEAD) or change state, by HTTP Basic or by
     * the console's session cookie ({@link #admitSession}).
     *
     * @return the user's name
     * @throws ApiProblem 401 (with WWW-Authenticate) or 403
     */
    private String admit(HttpServletRequest req, List<String> path, boolean adminOnly) {
        String method = req.getMethod();
        boolean write = !("GET".equals(method) || "HEAD".equals(method));
        String authorization = req.getHeader("Authorization");
        String sessionId = SessionCookie.id(req.getHeader("Cookie"));
        if (authorization == null && sessionId != null) return admitSession(req, sessionId, write, path, adminOnly);
        // HTTP Basic is a login on every call: the console's failed-login limit holds for it too (429 before the password)
        if (authorization != null) sessions.refuseWhileThrottled(req.getRemoteAddr());
        // any role may change its own password: PasswordResource holds the rest of that rule
        ApiAccess.Decision who = adminOnly ? access.checkAdmin(req.getRemoteAddr(), authorization)
                : access.check(req.getRemoteAddr(), authorization, write && !PasswordResource.isChange(path));
        if (who == ApiAccess.Decision.ALLOWED) return JaasApiAuth.user(authorization);
        if (who == ApiAccess.Decision.UNAUTHENTICATED && authorization != null) {
            sessions.basicLoginFailed(req.getRemoteAddr(), JaasApiAuth.user(authorization));
        }
        String why = who == ApiAccess.Decision.UNAUTHENTICATED && JaasApiAuth.user(authorization) != null
                ? "wrong user name or password for '" + JaasApiAuth.user(authorization) + "' (HTTP Basic, a Karaf user)"
                : access.explain(who, req.getRemoteAddr());
        // the console's calls get no Basic challenge: a browser would put up its own login dialog over the console's
        if (who == ApiAccess.Decision.UNAUTHENTICATED && req.getHeader("X-Kiln-Console") != null) throw SessionEndpoint.noSession();
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

    /**
     * The whole store, out (a backup: every record, enrollment-token digests) or in (a restore): admin only, as
     * installing code is; a viewer reads the inventory, not its secrets' digests.
     */
    static boolean isStoreCopy(List<String> path) {
        return path.size() == 2 && path.get(0).equals("store") && (path.get(1).equals("backup") || path.get(1).equals("restore"));
    }

    /**
     * A call with the console's session: allowed client, a live session, a role that may do it, the CSRF token on
     * every state change, and, while the session logged in with the shipped password, nothing but changing it.
     */
    private String admitSession(HttpServletRequest req, String sessionId, boolean write, List<String> path, boolean adminOnly) {
        if (access.check(req.getRemoteAddr(), null, write) == ApiAccess.Decision.CLIENT_REFUSED) {
            throw new ApiProblem(403, access.explain(ApiAccess.Decision.CLIENT_REFUSED, req.getRemoteAddr()));
        }
        Session s = sessions.find(sessionId).orElseThrow(SessionEndpoint::noSession);
        if (write && !s.csrfMatches(req.getHeader(Csrf.HEADER))) throw Csrf.refused();
        if (s.mustChangePassword() && !PasswordResource.isChangeOf(path, s.user())) {
            throw new ApiProblem(403, "change the default password first (PUT /api/v1/users/" + s.user() + "/password)");
        }
        if (write && !PasswordResource.isChange(path) ? !s.mayWrite() : !s.mayRead()) throw new ApiProblem(403, "your role may not change state (needs admin or manager)");
        if (adminOnly && !s.roles().contains("admin")) throw new ApiProblem(403, "this needs the admin role (installing a plugin, a store backup or restore)");
        return s.user();
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
