package io.kiln.web.internal;

import io.kiln.api.KilnException;
import io.kiln.api.inventory.Inventory;
import io.kiln.api.rest.ApiProblem;
import io.kiln.api.rest.ApiRequest;
import io.kiln.api.rest.ApiResource;
import io.kiln.api.rest.ApiResponse;
import java.util.List;
import java.util.Map;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/**
 * {@code GET /api/v1/events/stream} and {@code GET /api/v1/hosts/{name}/events/stream}: checks the call (host known,
 * a stream slot free, {@code Last-Event-ID} or {@code ?after=} a number) and answers a {@link Streaming} body that
 * {@link ApiServlet} hands the request to; {@link EventStreams} does the rest.
 */
@Component(service = ApiResource.class, property = {ApiResource.PATH + "=events/stream", ApiResource.PATH + "=hosts/*/events/stream"})
public final class EventStreamResource implements ApiResource {
    private final EventStreams streams;
    private final Inventory inventory;

    @Activate
    public EventStreamResource(@Reference(cardinality = ReferenceCardinality.OPTIONAL, policyOption = ReferencePolicyOption.GREEDY) EventStreams streams,
                               @Reference(cardinality = ReferenceCardinality.OPTIONAL, policyOption = ReferencePolicyOption.GREEDY) Inventory inventory) {
        this.streams = streams;
        this.inventory = inventory;
    }

    @Override
    public ApiResponse handle(ApiRequest r) {
        List<String> p = r.path();
        if (!"GET".equals(r.method())) throw ApiProblem.methodNotAllowed(r, "GET");
        Params.only(r, "after");
        String host = p.size() == 4 ? p.get(1) : null;
        long after = after(r);
        if (streams == null) throw ApiProblem.unavailable("event streams", "their component (kiln-web) is not running; see the Kiln log");
        // a host the inventory does not know is a 404, as for its timeline (a removed host's events stay readable there)
        if (host != null && inventory != null && inventory.host(host).isEmpty()) throw KilnException.notFound("no host named '" + host + "'");
        streams.reserve();
        return new ApiResponse(200, Map.of("Content-Type", "text/event-stream"), (Streaming) (req, resp) -> streams.start(req, resp, host, after));
    }

    /**
     * Where to resume: the Last-Event-ID header (an EventSource reconnecting), else ?after= (a first connect); -1 when
     * neither is given (new events only). 0 resumes from the start (the newest 1000 events at most).
     */
    static long after(ApiRequest r) {
        String v = r.header("Last-Event-ID");
        String from = "Last-Event-ID";
        if (v == null || v.isBlank()) {
            v = r.param("after");
            from = "after";
        }
        if (v == null || v.isBlank()) return -1;
        try {
            long id = Long.parseLong(v.trim());
            if (id < 0) throw new NumberFormatException();
            return id;
        } catch (NumberFormatException e) {
            throw KilnException.invalid(from + " must be an event id (0 or more), got '" + v + "'");
        }
    }
}
