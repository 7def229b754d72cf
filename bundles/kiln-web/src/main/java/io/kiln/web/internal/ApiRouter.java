package io.kiln.web.internal;

import io.kiln.api.KilnException;
import io.kiln.api.rest.ApiProblem;
import io.kiln.api.rest.ApiRequest;
import io.kiln.api.rest.ApiResource;
import io.kiln.api.rest.ApiResponse;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends a call to the {@link ApiResource} that serves its first path segment (or, more precisely, all its segments:
 * see {@link #matches}), and turns whatever it throws into a
 * problem answer ({@link Problems}). Resources come and go at any time (OSGi services); an unknown path is a 404.
 */
final class ApiRouter {
    private static final Logger LOG = LoggerFactory.getLogger(ApiRouter.class);

    private record Route(ApiResource resource, List<String> paths) {
    }

    private final List<Route> routes = new CopyOnWriteArrayList<>();

    /**
     * @param paths the {@link ApiResource#PATH} property: a String, String[] or collection of first path segments
     */
    void add(ApiResource resource, Object paths) {
        List<String> p = paths(paths);
        if (p.isEmpty()) {
            LOG.warn("REST resource {} has no {} property: it serves nothing", resource.getClass().getName(), ApiResource.PATH);
            return;
        }
        for (Route r : routes) {
            for (String s : p) if (r.paths().contains(s)) LOG.warn("/api/v1/{} is served by {} already; {} is ignored there", s,
                    r.resource().getClass().getName(), resource.getClass().getName());
        }
        routes.add(new Route(resource, p));
    }

    void remove(ApiResource resource) {
        routes.removeIf(r -> r.resource() == resource);
    }

    ApiResponse handle(ApiRequest r) {
        try {
            if (r.path().isEmpty()) return index(r);
            ApiResource best = null;
            int bestLength = 0;
            for (Route route : routes) {
                for (String p : route.paths()) {
                    int n = matches(p, r.path());
                    if (n > bestLength) {
                        best = route.resource();
                        bestLength = n;
                    }
                }
            }
            if (best != null) return best.handle(r);
            throw KilnException.notFound("no such resource: " + r.where() + " (try " + String.join(", ", routes()) + ")");
        } catch (RuntimeException e) {
            return Problems.of(e, r.method(), r.where());
        }
    }

    /**
     * The route table now: each resource's {@link ApiResource#PATH} entries, sorted ({@code hosts}, {@code hosts/*}{@code /power}).
     * What answers under /api/v1 is exactly what these match, so the OpenAPI document is checked against it.
     */
    TreeSet<String> routes() {
        TreeSet<String> known = new TreeSet<>();
        routes.forEach(route -> known.addAll(route.paths()));
        return known;
    }

    /** {@code GET /api/v1}: the route table, for clients and for the test that holds the OpenAPI document to it. */
    private ApiResponse index(ApiRequest r) {
        if (!"GET".equals(r.method()) && !"HEAD".equals(r.method())) throw ApiProblem.methodNotAllowed(r, "GET");
        return ApiResponse.ok(java.util.Map.of("openapi", "/api/openapi.json", "routes", List.copyOf(routes())));
    }

    /**
     * How many segments of {@code path} a route path matches: a single segment ({@code hosts}) matches every path that
     * starts with it; a longer one ({@code hosts/*}{@code /power}, {@code *} for any one segment) matches paths of
     * exactly its segments, and wins over the shorter one: another bundle can serve a sub-resource of an entity.
     *
     * @return 0 when it does not match
     */
    static int matches(String route, List<String> path) {
        String[] segments = route.split("/");
        if (path.isEmpty()) return 0;
        if (segments.length == 1) return segments[0].equals(path.get(0)) ? 1 : 0;
        if (segments.length != path.size()) return 0;
        for (int i = 0; i < segments.length; i++) if (!segments[i].equals("*") && !segments[i].equals(path.get(i))) return 0;
        return segments.length;
    }

    private static List<String> paths(Object p) {
        if (p instanceof String s) return List.of(s);
        if (p instanceof String[] a) return List.copyOf(Arrays.asList(a));
        if (p instanceof Collection<?> c) return c.stream().map(String::valueOf).toList();
        return List.of();
    }
}
