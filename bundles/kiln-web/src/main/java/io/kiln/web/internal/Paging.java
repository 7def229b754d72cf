package io.kiln.web.internal;

import io.kiln.api.KilnException;
import io.kiln.api.rest.ApiRequest;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** List responses: {@code ?offset=&limit=} paging with the total, so clients can walk large inventories. */
final class Paging {
    static final int DEFAULT_LIMIT = 100, MAX_LIMIT = 10_000;

    private Paging() {
    }

    /** {@code {"total": N, "offset": .., "limit": .., "items": [...]}}. */
    static Map<String, Object> page(List<?> all, ApiRequest r) {
        int offset = r.intParam("offset", 0);
        int limit = r.intParam("limit", DEFAULT_LIMIT);
        if (offset < 0 || limit < 1 || limit > MAX_LIMIT) throw KilnException.invalid("offset must be >= 0 and limit 1.." + MAX_LIMIT);
        int from = Math.min(offset, all.size());
        int to = Math.min(all.size(), from + limit);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("total", all.size());
        out.put("offset", offset);
        out.put("limit", limit);
        out.put("items", all.subList(from, to));
        return out;
    }
}
