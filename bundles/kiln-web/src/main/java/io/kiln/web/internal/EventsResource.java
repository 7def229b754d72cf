package io.kiln.web.internal;

import io.kiln.api.KilnException;
import io.kiln.api.events.HostEvent;
import io.kiln.api.events.HostEvents;
import io.kiln.api.inventory.Inventory;
import io.kiln.api.rest.ApiProblem;
import io.kiln.api.rest.ApiRequest;
import io.kiln.api.rest.ApiResource;
import io.kiln.api.rest.ApiResponse;
import java.util.List;
import java.util.Set;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/**
 * Hosts' timelines over REST, as {@code kiln:host-events}: {@code GET /api/v1/hosts/{name}/events?after=ID&limit=N}
 * and, for every host, {@code GET /api/v1/events?after=ID&limit=N}. The answer is a JSON array of events, oldest
 * first: without {@code after} the newest {@code limit} (default 100, at most 1000), with it the oldest after that id,
 * so a client follows a timeline by asking again with the last id it got. A host the inventory does not know and
 * that has no events is a 404 (a removed host's events stay readable until retention deletes them); 503 while
 * kiln-events is not running.
 */
@Component(service = ApiResource.class, property = {ApiResource.PATH + "=events", ApiResource.PATH + "=hosts/*/events"})
public final class EventsResource implements ApiResource {
    static final int DEFAULT_LIMIT = 100;
    private static final Set<String> PARAMS = Set.of("after", "limit");

    private final Inventory inventory;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    private volatile HostEvents events;

    @Activate
    public EventsResource(@Reference Inventory inventory) {
        this.inventory = inventory;
    }

    /** For tests: the resource with its timeline service (or null). */
    EventsResource(Inventory inventory, HostEvents events) {
        this.inventory = inventory;
        this.events = events;
    }

    @Override
    public ApiResponse handle(ApiRequest r) {
        List<String> p = r.path();
        boolean all = p.size() == 1;
        if (!all && !(p.size() == 3 && p.get(2).equals("events"))) {
            throw KilnException.notFound("no such resource: " + r.where() + " (try events, hosts/{name}/events)");
        }
        if (!"GET".equals(r.method())) throw ApiProblem.methodNotAllowed(r, "GET");
        for (String q : r.params().keySet()) {
            if (!PARAMS.contains(q)) throw KilnException.invalid("unknown parameter '" + q + "' on " + r.where() + " (after, limit)");
        }
        HostEvents e = events; // read once: the reference may change under us
        if (e == null) throw ApiProblem.unavailable("the host timeline service", "kiln-events is not running; kiln:status says why");
        long after = after(r.param("after"));
        int limit = r.intParam("limit", DEFAULT_LIMIT);
        if (all) return ApiResponse.ok(e.recent(after, limit));
        String host = p.get(1);
        List<HostEvent> out = e.events(host, after, limit);
        if (out.isEmpty() && inventory.host(host).isEmpty()) {
            throw KilnException.notFound("no host named '" + host + "' (and no events recorded for one)");
        }
        return ApiResponse.ok(out);
    }

    /** {@code after}: an event id, 0 when absent. */
    private static long after(String v) {
        if (v == null || v.isBlank()) return 0;
        try {
            return Long.parseLong(v.trim());
        } catch (NumberFormatException x) {
            throw KilnException.invalid("parameter 'after' must be an event id (a number), got '" + v + "'");
        }
    }
}
