package io.kiln.web.internal;

import io.kiln.api.KilnException;
import io.kiln.api.boot.BootAdvisor;
import io.kiln.api.dhcp.DhcpService;
import io.kiln.api.inventory.Inventory;
import io.kiln.api.tftp.TftpService;
import java.io.IOException;
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
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The REST API under /api/v1: the same operations as the kiln:* commands, through the same services.
 * Thin on purpose: who may call, then {@link ApiRouter}, then the reply as JSON.
 */
@Component(service = Servlet.class, configurationPid = "io.kiln.web")
@Designate(ocd = ApiConfig.class)
@HttpWhiteboardServletPattern("/api/v1/*")
@HttpWhiteboardServletName("kiln-api-v1")
public class ApiServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(ApiServlet.class);

    private final transient ApiRouter router;
    private final transient ApiAuth auth;
    private final transient ClientFilter clients;

    @Activate
    public ApiServlet(@Reference Inventory inventory, @Reference BootAdvisor advisor, @Reference DhcpService dhcp,
                      @Reference TftpService tftp, ApiConfig config) {
        this(new ApiRouter(new EntityResource(inventory), new ServiceResource(advisor, dhcp, tftp)), new JaasApiAuth("karaf"),
                new ClientFilter(config.allowedClients()));
    }

    ApiServlet(ApiRouter router, ApiAuth auth, ClientFilter clients) {
        this.router = router;
        this.auth = auth;
        this.clients = clients;
    }

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        write(resp, answer(req));
    }

    private Reply answer(HttpServletRequest req) throws IOException {
        if (!clients.allows(req.getRemoteAddr())) {
            return Reply.error(403, "the REST API does not accept requests from " + req.getRemoteAddr() + " (allowedClients in etc/io.kiln.web.cfg)");
        }
        String method = req.getMethod();
        ApiAuth.Result who = auth.check(req.getHeader("Authorization"), !("GET".equals(method) || "HEAD".equals(method)));
        if (who == ApiAuth.Result.UNAUTHENTICATED) {
            Reply r = Reply.error(401, "authentication required (HTTP Basic, a Karaf user)");
            return new Reply(401, Map.of("WWW-Authenticate", "Basic realm=\"kiln\""), r.body());
        }
        if (who == ApiAuth.Result.FORBIDDEN) return Reply.error(403, "your role may not change state (needs admin or manager)");
        try {
            return router.handle(ApiRequest.of(req));
        } catch (ApiError | KilnException e) {
            return Reply.error(e); // from reading the request (body too large, bad query string)
        } catch (RuntimeException e) {
            LOG.error("REST {} {} failed", method, req.getPathInfo(), e);
            return Reply.error(500, "internal error (see the Kiln log): " + e.getClass().getSimpleName());
        }
    }

    private static void write(HttpServletResponse resp, Reply reply) throws IOException {
        byte[] bytes = JsonBody.write(reply.body());
        resp.setStatus(reply.status());
        reply.headers().forEach(resp::setHeader);
        resp.setContentType("application/json");
        resp.setContentLength(bytes.length);
        resp.getOutputStream().write(bytes);
    }
}
