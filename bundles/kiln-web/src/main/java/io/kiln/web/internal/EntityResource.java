package io.kiln.web.internal;

import io.kiln.api.KilnException;
import io.kiln.api.inventory.EntityKind;
import io.kiln.api.inventory.Inventory;
import io.kiln.api.inventory.Versioned;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code /api/v1/{kind}[/{name}]} for every inventory kind, through the inventory's generic versioned methods:
 * list (filters, paging), get (ETag), create (201, Location), update (If-Match required), delete (If-Match
 * optional), and {@code /hosts/{name}/variables}.
 */
final class EntityResource {
    private final Inventory inventory;

    EntityResource(Inventory inventory) {
        this.inventory = inventory;
    }

    Reply handle(EntityKind kind, ApiRequest r) {
        List<String> p = r.path();
        String m = r.method();
        if (p.size() == 1) {
            if ("GET".equals(m)) return list(kind, r);
            if ("POST".equals(m)) return create(kind, r);
            throw ApiError.methodNotAllowed(r, "GET, POST");
        }
        String name = p.get(1);
        if (p.size() == 2) {
            if ("GET".equals(m)) return get(kind, name);
            if ("PUT".equals(m)) return update(kind, name, r);
            if ("DELETE".equals(m)) return delete(kind, name, r);
            throw ApiError.methodNotAllowed(r, "GET, PUT, DELETE");
        }
        if (p.size() == 3 && kind == EntityKind.HOST && "variables".equals(p.get(2))) {
            if (!"GET".equals(m)) throw ApiError.methodNotAllowed(r, "GET");
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("host", name);
            out.put("variables", inventory.variables(name));
            return Reply.ok(out);
        }
        throw KilnException.notFound("no such resource: " + r.where());
    }

    private Reply list(EntityKind kind, ApiRequest r) {
        List<Object> items = inventory.list(kind.type()).stream().<Object>map(Versioned::value)
                .filter(EntityFilter.of(kind, r.params(), inventory)).toList();
        return Reply.ok(Paging.page(items, r));
    }

    private Reply get(EntityKind kind, String name) {
        Versioned<?> v = current(kind, name);
        return Reply.versioned(200, v.value(), v.version(), null);
    }

    private Reply create(EntityKind kind, ApiRequest r) {
        Object entity = JsonBody.read(r.body(), kind, null);
        Versioned<?> saved = inventory.save(entity, Inventory.MUST_NOT_EXIST);
        String name = kind.nameOf(saved.value());
        return Reply.versioned(201, saved.value(), saved.version(), "/api/v1/" + kind.plural() + "/" + name);
    }

    private Reply update(EntityKind kind, String name, ApiRequest r) {
        long expected = Preconditions.forUpdate(r.header("If-Match"), r.boolParam("force"));
        // ANY_VERSION would create a missing entity: an update must find it (creating is POST)
        if (expected == Inventory.ANY_VERSION) current(kind, name);
        Object entity = JsonBody.read(r.body(), kind, name);
        Versioned<?> saved = inventory.save(entity, expected);
        return Reply.versioned(200, saved.value(), saved.version(), null);
    }

    private Reply delete(EntityKind kind, String name, ApiRequest r) {
        long expected = Preconditions.forDelete(r.header("If-Match"));
        Versioned<?> v = current(kind, name);
        inventory.delete(kind.type(), name, expected);
        return Reply.ok(v.value());
    }

    private Versioned<?> current(EntityKind kind, String name) {
        return inventory.get(kind.type(), name)
                .orElseThrow(() -> KilnException.notFound("no " + kind.singular() + " named '" + name + "'"));
    }
}
