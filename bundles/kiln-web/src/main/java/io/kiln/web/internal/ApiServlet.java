package io.kiln.web.internal;

import io.kiln.api.KilnException;
import io.kiln.api.boot.BootAdvisor;
import io.kiln.api.dhcp.DhcpService;
import io.kiln.api.inventory.Inventory;
import io.kiln.api.security.ApiAccess;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The REST API under /api/v1: the same operations as the kiln:* commands, through the same services.
 * Thin on purpose: who may call, then {@link ApiRouter}, then the reply as JSON.
 */
@Component(service = Servlet.class)
@HttpWhiteboardServletPattern("/api/v1/*")
@HttpWhiteboardServletName("kiln-api-v1")
public class ApiServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(ApiServlet.class);

    private final transient ApiRouter router;
    private final transient ApiAccess access;

    @Activate
    public ApiServlet(@Reference Inventory inventory, @Reference BootAdvisor advisor, @Reference DhcpService dhcp,
                      @Reference TftpService tftp, @Reference ApiAccess access) {
        this(new ApiRouter(new EntityResource(inventory), new ServiceResource(advisor, dhcp, tftp)), access);
    }

    ApiServlet(ApiRouter router, ApiAccess access) {
        this.router = router;
        this.access = access;
    }

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        write(resp, answer(req));
    }

    private Reply answer(HttpServletRequest req) throws IOException {
        String method = req.getMethod();
        ApiAccess.Decision who = access.check(req.getRemoteAddr(), req.getHeader("Authorization"),
                !("GET".equals(method) || "HEAD".equals(method)));
        if (who == ApiAccess.Decision.UNAUTHENTICATED) {
            Reply r = Reply.error(401, access.explain(who, req.getRemoteAddr()));
            return new Reply(401, Map.of("WWW-Authenticate", "Basic realm=\"kiln\""), r.body());
        }
        if (who != ApiAccess.Decision.ALLOWED) return Reply.error(who.status(), access.explain(who, req.getRemoteAddr()));
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
