package io.kiln.web.internal;

import io.kiln.api.rest.ApiRequest;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/** Builds {@link ApiRequest}s for tests: {@code Calls.call("PUT", "/hosts/h1?force=true", body, "If-Match", "\"2\"")}. */
final class Calls {
    private Calls() {
    }

    static ApiRequest call(String method, String pathAndQuery, String body, String... headers) {
        int q = pathAndQuery.indexOf('?');
        String path = q < 0 ? pathAndQuery : pathAndQuery.substring(0, q);
        Map<String, String> h = new HashMap<>();
        for (int i = 0; i + 1 < headers.length; i += 2) h.put(headers[i], headers[i + 1]);
        return new ApiRequest(method, HttpRequests.segments(path), HttpRequests.query(q < 0 ? null : pathAndQuery.substring(q + 1)), h,
                body == null ? null : body.getBytes(StandardCharsets.UTF_8), "tester");
    }

    static ApiRequest get(String pathAndQuery) {
        return call("GET", pathAndQuery, null);
    }
}
