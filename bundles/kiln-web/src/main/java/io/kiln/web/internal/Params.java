package io.kiln.web.internal;

import io.kiln.api.KilnException;
import io.kiln.api.rest.ApiRequest;
import java.util.List;

/** The query parameters a route takes: any other is a 400 naming it, so a typo never silently does the default. */
final class Params {
    private Params() {
    }

    static void only(ApiRequest r, String... known) {
        List<String> k = List.of(known);
        for (String p : r.params().keySet()) {
            if (!k.contains(p)) throw KilnException.invalid("unknown parameter '" + p + "' on " + r.where() + " (" + (k.isEmpty() ? "none" : String.join(", ", k)) + ")");
        }
    }
}
