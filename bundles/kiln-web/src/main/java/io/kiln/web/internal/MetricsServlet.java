package io.kiln.web.internal;

import io.kiln.api.metrics.MetricFamily;
import io.kiln.api.metrics.MetricSource;
import io.kiln.api.security.ApiAccess;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.servlet.Servlet;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletPattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /metrics}: every {@link MetricSource} service's figures in the Prometheus text format. Like
 * {@code /health} it needs no login (a scraper has none), but unlike it only allowed clients (allowedClients in
 * etc/io.kiln.web.cfg) may read it: the figures tell how busy the appliance is and how many hosts it manages.
 */
@Component(service = Servlet.class)
@HttpWhiteboardServletPattern("/metrics")
@HttpWhiteboardServletName("kiln-metrics")
public class MetricsServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(MetricsServlet.class);

    private final transient ApiAccess access;
    private final transient List<MetricSource> sources = new CopyOnWriteArrayList<>();

    @Activate
    public MetricsServlet(@Reference ApiAccess access) {
        this.access = access;
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    public void addSource(MetricSource source) {
        sources.add(source);
    }

    public void removeSource(MetricSource source) {
        sources.remove(source);
    }

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String where = "/metrics";
        if (access.check(req.getRemoteAddr(), null, false) == ApiAccess.Decision.CLIENT_REFUSED) {
            ApiServlet.write(resp, Problems.problem(403, access.explain(ApiAccess.Decision.CLIENT_REFUSED, req.getRemoteAddr()), where, Map.of()));
            return;
        }
        if (!"GET".equals(req.getMethod()) && !"HEAD".equals(req.getMethod())) {
            ApiServlet.write(resp, Problems.problem(405, req.getMethod() + " is not supported on " + where + " (allowed: GET, HEAD)", where, Map.of("Allow", "GET, HEAD")));
            return;
        }
        byte[] body = PrometheusText.write(collect(), rejected -> LOG.warn("/metrics leaves out {}", rejected)).getBytes(StandardCharsets.UTF_8);
        resp.setStatus(200);
        resp.setContentType(PrometheusText.CONTENT_TYPE);
        resp.setHeader("Cache-Control", "no-store");
        resp.setContentLength(body.length);
        if (!"HEAD".equals(req.getMethod())) resp.getOutputStream().write(body);
    }

    /** Each source in turn; one that fails is left out of this scrape (and logged), the others still answer. */
    private List<MetricFamily> collect() {
        List<MetricFamily> all = new ArrayList<>();
        for (MetricSource s : sources) {
            try {
                all.addAll(s.metrics());
            } catch (RuntimeException e) {
                LOG.warn("metrics of {} left out of this scrape: {}", s.getClass().getName(), e.toString());
            }
        }
        all.sort(java.util.Comparator.comparing(MetricFamily::name, java.util.Comparator.nullsFirst(java.util.Comparator.naturalOrder())));
        return all;
    }
}
