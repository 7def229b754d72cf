package io.kiln.web.internal;

import io.kiln.api.KilnException;
import io.kiln.api.boot.ProvisioningFiles;
import io.kiln.api.inventory.EntityKind;
import io.kiln.api.inventory.HostStatus;
import io.kiln.api.inventory.InstanceStatus;
import io.kiln.api.inventory.Inventory;
import io.kiln.api.inventory.Versioned;
import io.kiln.api.rest.ApiProblem;
import io.kiln.api.rest.ApiRequest;
import io.kiln.api.rest.ApiResource;
import io.kiln.api.rest.ApiResponse;
import io.kiln.api.workflow.Workflows;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/**
 * {@code /api/v1/{kind}[/{name}]} for every inventory kind, through the inventory's generic versioned methods:
 * list (filters, paging), get (ETag), create (201, Location), update (If-Match required), delete (If-Match
 * optional), {@code /hosts/{name}/variables}, {@code /hosts/{name}/context} (what the inventory answers about a
 * host: site, role, cluster, mode, instance, what it boots and why) and the status parts of hosts and instances,
 * {@code /hosts/{name}/status} and {@code /instances/{name}/status} (GET; PUT with If-Match on the status
 * version, written apart from the spec). Without the inventory they answer 503. {@code /workflows} lists the built-in
 * templates too ({@code builtIn: true}, from the workflow service while it runs), and {@code /workflows/{name}} answers
 * a built-in one the inventory does not replace.
 */
// the paths are EntityKind's plurals (ComponentsTest checks that they stay so)
@Component(service = ApiResource.class, property = {ApiResource.PATH + "=sites", ApiResource.PATH + "=roles", ApiResource.PATH + "=profiles",
        ApiResource.PATH + "=hosts", ApiResource.PATH + "=clusters", ApiResource.PATH + "=instances", ApiResource.PATH + "=workflows"})
public final class EntityResource implements ApiResource {
    private final Inventory inventory;
    private final ProvisioningFiles files;
    /** Optional (kiln-workflow): the built-in templates; without it /workflows lists the inventory's only. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    volatile Workflows workflows;

    /**
     * @param inventory the inventory, or null while it is not running
     * @param files     the per-host file check (warnings after a write), or null while it is not running
     */
    @Activate
    public EntityResource(@Reference(cardinality = ReferenceCardinality.OPTIONAL, policyOption = ReferencePolicyOption.GREEDY) Inventory inventory,
                          @Reference(cardinality = ReferenceCardinality.OPTIONAL, policyOption = ReferencePolicyOption.GREEDY)
                          ProvisioningFiles files) {
        this.inventory = inventory;
        this.files = files;
    }

    /** The one shared with tests and callers that do not check files. */
    EntityResource(Inventory inventory) {
        this(inventory, null);
    }

    @Override
    public ApiResponse handle(ApiRequest r) {
        List<String> p = r.path();
        EntityKind kind = Arrays.stream(EntityKind.values()).filter(k -> k.plural().equals(p.get(0))).findFirst().orElse(null);
        List<String> allowed = kind == null ? List.of() : switch (p.size()) {
            case 1 -> List.of("GET", "POST");
            case 2 -> List.of("GET", "PUT", "DELETE");
            case 3 -> sub(kind, p.get(2));
            default -> List.of();
        };
        if (allowed.isEmpty()) throw KilnException.notFound("no such resource: " + r.where());
        String m = r.method();
        if (!allowed.contains(m)) throw ApiProblem.methodNotAllowed(r, allowed.toArray(String[]::new));
        if (inventory == null) throw ApiProblem.unavailable("the inventory", "its component is not running (is the store up?); see the Kiln log");
        if (p.size() == 1) return "GET".equals(m) ? list(kind, r) : create(kind, r);
        String name = p.get(1);
        if (p.size() == 3) {
            return switch (p.get(2)) {
                case "variables" -> {
                    Map<String, Object> out = new LinkedHashMap<>();
                    out.put("host", name);
                    out.put("variables", inventory.variables(name));
                    yield ApiResponse.ok(out);
                }
                case "context" -> ApiResponse.ok(HostContextView.of(inventory.context(name)
                        .orElseThrow(() -> KilnException.notFound("no host named '" + name + "'"))));
                default -> "GET".equals(m) ? getStatus(kind, name) : putStatus(kind, name, r);
            };
        }
        return switch (m) {
            case "GET" -> get(kind, name);
            case "PUT" -> update(kind, name, r);
            default -> delete(kind, name, r);
        };
    }

    /** The methods of /{kind}/{name}/{sub}, none when there is no such resource. */
    private static List<String> sub(EntityKind kind, String sub) {
        if (kind == EntityKind.HOST && ("variables".equals(sub) || "context".equals(sub))) return List.of("GET");
        if ((kind == EntityKind.HOST || kind == EntityKind.INSTANCE) && "status".equals(sub)) return List.of("GET", "PUT");
        return List.of();
    }

    private ApiResponse getStatus(EntityKind kind, String name) {
        Versioned<?> v = (kind == EntityKind.HOST ? inventory.hostStatus(name) : inventory.instanceStatus(name))
                .orElseThrow(() -> KilnException.notFound(kind == EntityKind.HOST ? "no host named '" + name + "'"
                        : "host '" + name + "' has no instance"));
        return versioned(200, v.value(), v.version(), null);
    }

    private ApiResponse putStatus(EntityKind kind, String name, ApiRequest r) {
        long expected = Preconditions.forStatusUpdate(r.header("If-Match"), r.boolParam("force"));
        ApiResponse current = getStatus(kind, name); // 404 before reading the body
        Versioned<?> saved;
        if (kind == EntityKind.HOST) {
            HostStatus wanted = JsonBody.read(r.body(), HostStatus.class, "host status", "host", name);
            HostStatus was = (HostStatus) current.body();
            // a field the body leaves out keeps its value: facts the agent or a BMC reported are not lost to a PUT that
            // only sets the state ({"hardware": {}} clears them), nor the state to one that only sets facts
            if (!JsonBody.hasField(r.body(), "hardware")) wanted = wanted.withHardware(was.hardware());
            if (!JsonBody.hasField(r.body(), "currentState")) wanted = wanted.withCurrentState(was.currentState());
            saved = inventory.saveStatusByHand(wanted, expected);
        } else {
            saved = inventory.saveStatus(JsonBody.read(r.body(), InstanceStatus.class, "instance status", "host", name), expected);
        }
        return versioned(200, saved.value(), saved.version(), null);
    }

    private ApiResponse list(EntityKind kind, ApiRequest r) {
        // hosts: the inventory filters, sorts and pages (sorted views, fast at 10,000 hosts)
        if (kind == EntityKind.HOST) return ApiResponse.ok(HostListQuery.body(inventory.findHosts(HostListQuery.of(r.params()))));
        java.util.function.Predicate<Object> filter = EntityFilter.of(kind, r.params(), inventory);
        Workflows w = workflows;
        if (kind == EntityKind.WORKFLOW && w != null) return ApiResponse.ok(Paging.page(WorkflowTemplateView.all(w), r));
        List<Object> items = inventory.list(kind.type()).stream().<Object>map(Versioned::value).filter(filter).toList();
        return ApiResponse.ok(Paging.page(items, r));
    }

    private ApiResponse get(EntityKind kind, String name) {
        Workflows w = workflows;
        if (kind == EntityKind.WORKFLOW && w != null && w.isBuiltIn(name)) {
            // Kiln's own, not an inventory entity: no version to match (POST one of that name to replace it)
            return ApiResponse.ok(WorkflowTemplateView.of(w.templates().stream().filter(t -> t.name().equals(name)).findFirst().orElseThrow(), true));
        }
        Versioned<?> v = current(kind, name);
        return versioned(200, v.value(), v.version(), null);
    }

    private ApiResponse create(EntityKind kind, ApiRequest r) {
        Object entity = JsonBody.read(r.body(), kind, null);
        Versioned<?> saved = inventory.save(entity, Inventory.MUST_NOT_EXIST);
        String name = kind.nameOf(saved.value());
        return warned(versioned(201, saved.value(), saved.version(), "/api/v1/" + kind.plural() + "/" + name), kind, name);
    }

    private ApiResponse update(EntityKind kind, String name, ApiRequest r) {
        long expected = Preconditions.forUpdate(r.header("If-Match"), r.boolParam("force"));
        // ANY_VERSION would create a missing entity: an update must find it (creating is POST)
        if (expected == Inventory.ANY_VERSION) current(kind, name);
        Object entity = JsonBody.read(r.body(), kind, name);
        Versioned<?> saved = inventory.save(entity, expected);
        return warned(versioned(200, saved.value(), saved.version(), null), kind, name);
    }

    private ApiResponse delete(EntityKind kind, String name, ApiRequest r) {
        long expected = Preconditions.forDelete(r.header("If-Match"));
        Versioned<?> v = current(kind, name);
        inventory.delete(kind.type(), name, expected);
        return ApiResponse.ok(v.value());
    }

    /**
     * The answer with a {@code Kiln-Warning} header when the write made per-host files fail (the same lines as the
     * shell prints; the write itself succeeded).
     */
    private ApiResponse warned(ApiResponse r, EntityKind kind, String name) {
        if (files == null) return r;
        List<String> lines = files.afterWrite(kind, name, 200).lines();
        if (lines.isEmpty()) return r;
        Map<String, String> h = new LinkedHashMap<>(r.headers());
        h.put("Kiln-Warning", String.join(" | ", lines));
        return new ApiResponse(r.status(), h, r.body());
    }

    /** An answer carrying an entity's version as a strong ETag. */
    private static ApiResponse versioned(int status, Object body, long version, String location) {
        Map<String, String> h = new LinkedHashMap<>();
        h.put("ETag", Preconditions.etag(version));
        if (location != null) h.put("Location", location);
        return new ApiResponse(status, h, body);
    }

    private Versioned<?> current(EntityKind kind, String name) {
        return inventory.get(kind.type(), name)
                .orElseThrow(() -> KilnException.notFound("no " + kind.singular() + " named '" + name + "'"));
    }
}
