package io.kiln.onboarding.internal;

import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import javax.servlet.Servlet;
import javax.servlet.ServletException;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletRequestWrapper;
import javax.servlet.http.HttpServletResponse;

/**
 * The HTTPS endpoint's one servlet: hands each request to the servlet registered for the longest matching path
 * prefix, with servlet path and path info as the whiteboard would set them (prefix, rest), so one servlet object
 * (e.g. the artifact servlet) serves both HTTP and HTTPS. Servlets come and go while it runs.
 */
final class PrefixDispatch extends HttpServlet {
    private static final long serialVersionUID = 1L;
    /** Prefix (e.g. "/agent/v1") -> servlet; reverse order so longer prefixes are tried first. */
    private final transient Map<String, Servlet> routes = new ConcurrentSkipListMap<>(java.util.Comparator.reverseOrder());

    void add(String prefix, Servlet servlet) {
        routes.put(normalize(prefix), servlet);
    }

    void remove(String prefix, Servlet servlet) {
        routes.remove(normalize(prefix), servlet);
    }

    static String normalize(String prefix) {
        String p = prefix.trim();
        if (!p.startsWith("/")) p = "/" + p;
        while (p.length() > 1 && p.endsWith("/")) p = p.substring(0, p.length() - 1);
        return p;
    }

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse resp) throws ServletException, IOException {
        String path = req.getRequestURI();
        for (Map.Entry<String, Servlet> r : routes.entrySet()) {
            String prefix = r.getKey();
            if (path.equals(prefix) || path.startsWith(prefix + "/")) {
                String rest = path.substring(prefix.length());
                r.getValue().service(new Routed(req, prefix, rest.isEmpty() ? null : rest), resp);
                return;
            }
        }
        resp.setHeader("Cache-Control", "no-store");
        Json.problem(resp, 404, "Not Found", "nothing is served at " + path + " over HTTPS (served: " + String.join(", ", routes.keySet()) + ")");
    }

    /** The request as the target servlet expects it. */
    private static final class Routed extends HttpServletRequestWrapper {
        private final String servletPath;
        private final String pathInfo;

        Routed(HttpServletRequest req, String servletPath, String pathInfo) {
            super(req);
            this.servletPath = servletPath;
            this.pathInfo = pathInfo;
        }

        @Override
        public String getServletPath() {
            return servletPath;
        }

        @Override
        public String getPathInfo() {
            return pathInfo;
        }
    }
}
