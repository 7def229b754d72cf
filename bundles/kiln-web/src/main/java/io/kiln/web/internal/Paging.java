package io.kiln.web.internal;

import io.kiln.api.KilnException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.servlet.http.HttpServletRequest;

/** List responses: {@code ?offset=&limit=} paging with the total, so clients can walk large inventories. */
final class Paging {
    private Paging() {
    }

    static Map<String, Object> page(List<?> all, HttpServletRequest req) {
        int offset = intParam(req, "offset", 0);
        int limit = intParam(req, "limit", 100);
        if (offset < 0 || limit < 1 || limit > 10_000) throw KilnException.invalid("offset must be >= 0 and limit 1..10000");
        int from = Math.min(offset, all.size());
        int to = Math.min(all.size(), from + limit);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("total", all.size());
        out.put("offset", offset);
        out.put("limit", limit);
        out.put("items", all.subList(from, to));
        return out;
    }

    static int intParam(HttpServletRequest req, String name, int dflt) {
        String v = req.getParameter(name);
        if (v == null || v.isBlank()) return dflt;
        try {
            return Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            throw KilnException.invalid("parameter '" + name + "' must be a number, got '" + v + "'");
        }
    }
}
