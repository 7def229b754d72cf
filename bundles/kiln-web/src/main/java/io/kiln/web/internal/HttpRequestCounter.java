package io.kiln.web.internal;

import io.kiln.api.metrics.MetricFamily;
import io.kiln.api.metrics.MetricSource;
import io.kiln.api.metrics.Sample;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import javax.servlet.Filter;
import javax.servlet.FilterChain;
import javax.servlet.ServletException;
import javax.servlet.ServletRequest;
import javax.servlet.ServletResponse;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardFilterAsyncSupported;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardFilterName;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardFilterPattern;

/**
 * Counts every answer of the HTTP port (8080: booting machines' files and scripts, the REST API, /health,
 * /metrics) by the part of Kiln that served it and its status, for {@code kiln_http_requests_total}. The part is the
 * first path segment when it is one of Kiln's ({@link #AREAS}), else {@code other}: labels stay few whatever clients ask.
 */
@Component(service = {Filter.class, MetricSource.class})
@HttpWhiteboardFilterPattern("/*")
@HttpWhiteboardFilterName("kiln-http-requests")
@HttpWhiteboardFilterAsyncSupported // the REST API's event streams are async
public class HttpRequestCounter implements Filter, MetricSource {
    static final Set<String> AREAS = Set.of("api", "boot", "artifacts", "cloud-init", "autoinstall", "kickstart", "preseed", "drivers",
            "health", "metrics");

    private record Key(String area, int status) {
    }

    private final Map<Key, LongAdder> counts = new ConcurrentHashMap<>();

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain) throws IOException, ServletException {
        String area = area(request instanceof HttpServletRequest h ? h.getRequestURI() : null);
        boolean failed = true;
        try {
            chain.doFilter(request, response);
            failed = false;
        } finally {
            int status = failed ? 500 : response instanceof HttpServletResponse h ? h.getStatus() : 200;
            counts.computeIfAbsent(new Key(area, status), k -> new LongAdder()).increment();
        }
    }

    static String area(String uri) {
        if (uri == null || uri.length() < 2) return "other";
        int end = uri.indexOf('/', 1);
        String first = end < 0 ? uri.substring(1) : uri.substring(1, end);
        return AREAS.contains(first) ? first : "other";
    }

    @Override
    public List<MetricFamily> metrics() {
        List<Sample> samples = new ArrayList<>();
        counts.forEach((k, v) -> samples.add(new Sample(Map.of("area", k.area(), "code", Integer.toString(k.status())), v.sum())));
        return List.of(MetricFamily.counter("kiln_http_requests_total",
                "HTTP answers on the HTTP port by area (first path segment) and status code", samples));
    }
}
