package io.kiln.web.internal;

import io.kiln.api.KilnException;
import io.kiln.api.inventory.EntityKind;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * Dispatches a call to the entity routes ({@code /api/v1/sites, roles, profiles, hosts, clusters, instances}) or the
 * service routes, and turns the refusals they throw into error replies. Anything else escaping is a bug (500).
 */
final class ApiRouter {
    private static final String RESOURCES = Arrays.stream(EntityKind.values()).map(EntityKind::plural).collect(Collectors.joining(", "))
            + ", leases, dhcp/status, dhcp/log, tftp/status, boot/explain";

    private final EntityResource entities;
    private final ServiceResource services;

    ApiRouter(EntityResource entities, ServiceResource services) {
        this.entities = entities;
        this.services = services;
    }

    Reply handle(ApiRequest r) {
        try {
            return route(r);
        } catch (KilnException | ApiError e) {
            return Reply.error(e);
        }
    }

    private Reply route(ApiRequest r) {
        String top = r.path().isEmpty() ? "" : r.path().get(0);
        for (EntityKind k : EntityKind.values()) if (k.plural().equals(top)) return entities.handle(k, r);
        if (ServiceResource.serves(top)) return services.handle(r);
        throw KilnException.notFound("no such resource: " + r.where() + " (try " + RESOURCES + ")");
    }
}
