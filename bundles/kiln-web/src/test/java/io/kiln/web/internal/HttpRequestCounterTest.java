package io.kiln.web.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.kiln.api.metrics.MetricFamily;
import io.kiln.api.metrics.Sample;
import java.lang.reflect.Proxy;
import java.util.Map;
import java.util.stream.Collectors;
import javax.servlet.FilterChain;
import javax.servlet.ServletException;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.junit.jupiter.api.Test;

/** kiln_http_requests_total: every answer counted by area and status, a failing servlet as a 500, unknown areas as other. */
class HttpRequestCounterTest {
    static HttpServletRequest request(String uri) {
        return (HttpServletRequest) Proxy.newProxyInstance(HttpRequestCounterTest.class.getClassLoader(), new Class<?>[] {HttpServletRequest.class},
                (p, m, a) -> m.getName().equals("getRequestURI") ? uri : null);
    }

    static HttpServletResponse response(int status) {
        return (HttpServletResponse) Proxy.newProxyInstance(HttpRequestCounterTest.class.getClassLoader(), new Class<?>[] {HttpServletResponse.class},
                (p, m, a) -> m.getName().equals("getStatus") ? status : null);
    }

    static Map<String, Double> counts(HttpRequestCounter c) {
        MetricFamily f = c.metrics().get(0);
        assertEquals("kiln_http_requests_total", f.name());
        return f.samples().stream().collect(Collectors.toMap(s -> s.labels().get("area") + " " + s.labels().get("code"), Sample::value));
    }

    @Test
    void answersAreCountedByAreaAndStatus() throws Exception {
        HttpRequestCounter c = new HttpRequestCounter();
        FilterChain ok = (req, resp) -> { };
        c.doFilter(request("/api/v1/hosts"), response(200), ok);
        c.doFilter(request("/api/v1/hosts"), response(200), ok);
        c.doFilter(request("/boot/ipxe"), response(404), ok);
        c.doFilter(request("/wp-admin/x.php"), response(404), ok);
        FilterChain boom = (req, resp) -> {
            throw new ServletException("boom");
        };
        assertThrows(ServletException.class, () -> c.doFilter(request("/metrics"), response(200), boom));
        assertEquals(Map.of("api 200", 2.0, "boot 404", 1.0, "other 404", 1.0, "metrics 500", 1.0), counts(c));
    }
}
