package io.kiln.console.internal;

import io.kiln.api.security.ApiAccess;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
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
 * The web console at {@code /console/} on the HTTP port and (property {@code kiln.https.prefix}) on the HTTPS
 * endpoint: static ES modules and CSS that call /api/v1 from the browser. It admits the clients the REST API admits
 * (allowedClients in etc/io.kiln.web.cfg); the login itself is the API's (/api/v1/session).
 * Files are revalidated on every load ({@code no-cache} with an ETag), so an upgraded console is never mixed with
 * cached old modules, and an unchanged one costs a 304.
 */
@Component(service = Servlet.class, property = "kiln.https.prefix=/console")
@HttpWhiteboardServletPattern({"/console", "/console/*"})
@HttpWhiteboardServletName("kiln-console")
public final class ConsoleServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    private final transient ApiAccess access;
    private final transient StaticFiles files = new StaticFiles(ConsoleServlet.class.getClassLoader(), "console");

    @Activate
    public ConsoleServlet(@Reference ApiAccess access) {
        this.access = access;
    }

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        SecurityHeaders.ALL.forEach(resp::setHeader);
        if (access.check(req.getRemoteAddr(), null, false) == ApiAccess.Decision.CLIENT_REFUSED) {
            text(resp, 403, access.explain(ApiAccess.Decision.CLIENT_REFUSED, req.getRemoteAddr()));
            return;
        }
        if (!"GET".equals(req.getMethod()) && !"HEAD".equals(req.getMethod())) {
            resp.setHeader("Allow", "GET, HEAD");
            text(resp, 405, "the console's files are read with GET");
            return;
        }
        String path = req.getPathInfo();
        if (path == null && !req.getRequestURI().endsWith("/")) { // "/console": relative module paths need the slash
            resp.setHeader("Location", "/console/");
            resp.setStatus(302);
            return;
        }
        Optional<StaticFiles.File> file = files.find(path);
        if (file.isEmpty()) {
            text(resp, 404, "no such file in the console: " + path);
            return;
        }
        StaticFiles.File f = file.get();
        resp.setHeader("Cache-Control", "no-cache");
        resp.setHeader("ETag", f.etag());
        if (f.etag().equals(req.getHeader("If-None-Match"))) {
            resp.setStatus(304);
            return;
        }
        resp.setContentType(f.contentType());
        resp.setContentLength(f.bytes().length);
        if ("GET".equals(req.getMethod())) resp.getOutputStream().write(f.bytes());
    }

    private static void text(HttpServletResponse resp, int status, String message) throws IOException {
        byte[] b = (message + "\n").getBytes(StandardCharsets.UTF_8);
        resp.setStatus(status);
        resp.setHeader("Cache-Control", "no-store");
        resp.setContentType("text/plain; charset=utf-8");
        resp.setContentLength(b.length);
        resp.getOutputStream().write(b);
    }
}
