package io.kiln.web.internal;

import io.kiln.api.security.ApiAccess;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
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

/**
 * {@code GET /api/openapi.json}: the OpenAPI 3.1 document of /api/v1 (checked in as {@code openapi.json}, held to the
 * router's route table by an integration test). It describes, it holds no data: allowed clients read it without a
 * login. Every other path under /api but /api/v1 is a problem+json 404, so clients never see the container's HTML.
 */
@Component(service = Servlet.class)
@HttpWhiteboardServletPattern("/api/*")
@HttpWhiteboardServletName("kiln-api-doc")
public class ApiDocServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    static final String DOCUMENT = "/openapi.json";

    private final transient ApiAccess access;
    private final byte[] document;

    @Activate
    public ApiDocServlet(@Reference ApiAccess access) {
        this.access = access;
        try (InputStream in = ApiDocServlet.class.getResourceAsStream(DOCUMENT)) {
            if (in == null) throw new IllegalStateException(DOCUMENT + " is missing from kiln-web");
            this.document = in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String where = "/api" + (req.getPathInfo() == null ? "" : req.getPathInfo());
        if (access.check(req.getRemoteAddr(), null, false) == ApiAccess.Decision.CLIENT_REFUSED) {
            ApiServlet.write(resp, Problems.problem(403, access.explain(ApiAccess.Decision.CLIENT_REFUSED, req.getRemoteAddr()), where, Map.of()));
            return;
        }
        if (!DOCUMENT.equals(req.getPathInfo())) {
            ApiServlet.write(resp, Problems.problem(404, "no such resource: " + where + " (the API is under /api/v1, described at /api/openapi.json)",
                    where, Map.of()));
            return;
        }
        if (!"GET".equals(req.getMethod()) && !"HEAD".equals(req.getMethod())) {
            ApiServlet.write(resp, Problems.problem(405, req.getMethod() + " is not supported on " + where + " (allowed: GET, HEAD)", where,
                    Map.of("Allow", "GET, HEAD")));
            return;
        }
        resp.setStatus(200);
        resp.setContentType("application/json");
        resp.setContentLength(document.length);
        if (!"HEAD".equals(req.getMethod())) resp.getOutputStream().write(document);
    }
}
