package io.kiln.web.internal;

import io.kiln.api.KilnException;
import io.kiln.api.rest.ApiProblem;
import io.kiln.api.rest.ApiRequest;
import io.kiln.api.rest.ApiResponse;
import java.util.Map;
import java.util.function.Function;

/** The GET-only routes of a service resource, as a table: an unknown route is a 404, another method a 405. */
final class ReadOnlyRoutes {
    private ReadOnlyRoutes() {
    }

    /**
     * @param routes  "dhcp/status" -> what GET answers
     * @param service the service behind them, or null while it is not running (503)
     * @param what    the service for the 503, e.g. "the TFTP service"
     * @param missing the 503's detail: what is missing and what to check
     */
    static ApiResponse handle(ApiRequest r, Map<String, Function<ApiRequest, Object>> routes, Object service, String what, String missing) {
        Function<ApiRequest, Object> route = routes.get(String.join("/", r.path()));
        if (route == null) throw KilnException.notFound("no such resource: " + r.where() + " (try " + String.join(", ", routes.keySet()) + ")");
        if (!"GET".equals(r.method())) throw ApiProblem.methodNotAllowed(r, "GET");
        if (service == null) throw ApiProblem.unavailable(what, missing);
        return ApiResponse.ok(route.apply(r));
    }
}
