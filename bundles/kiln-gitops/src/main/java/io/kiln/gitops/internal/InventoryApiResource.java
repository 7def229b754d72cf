package io.kiln.gitops.internal;

import io.kiln.api.KilnException;
import io.kiln.api.gitops.ApplyResult;
import io.kiln.api.gitops.DeclarativeInventory;
import io.kiln.api.gitops.InventoryDiff;
import io.kiln.api.gitops.InventorySync;
import io.kiln.api.gitops.SyncStatus;
import io.kiln.api.rest.ApiProblem;
import io.kiln.api.rest.ApiRequest;
import io.kiln.api.rest.ApiResource;
import io.kiln.api.rest.ApiResponse;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/**
 * The declarative inventory over REST, under /api/v1/inventory/, as a resource of kiln-web's one /api/v1 servlet
 * (same access rule, JSON and problem+json errors as the rest of the API). 503 while the declarative inventory or
 * its sync loop is not running.
 *
 * <pre>
 * POST /api/v1/inventory/apply?dir=ABSOLUTE_DIR&amp;prune=false
 * GET  /api/v1/inventory/diff?dir=ABSOLUTE_DIR
 * POST /api/v1/inventory/export?dir=ABSOLUTE_DIR
 * GET  /api/v1/inventory/status
 * POST /api/v1/inventory/sync          (reconcile the watched directory / git branch now)
 * </pre>
 */
@Component(service = ApiResource.class, property = ApiResource.PATH + "=inventory")
public class InventoryApiResource implements ApiResource {
    private static final Map<String, String> METHODS = Map.of("apply", "POST", "diff", "GET", "export", "POST", "status", "GET", "sync", "POST");

    private final DeclarativeInventory declarative;
    private final InventorySync sync;

    /** Either may be null while its component is not running. */
    @Activate
    public InventoryApiResource(
            @Reference(cardinality = ReferenceCardinality.OPTIONAL, policyOption = ReferencePolicyOption.GREEDY) DeclarativeInventory declarative,
            @Reference(cardinality = ReferenceCardinality.OPTIONAL, policyOption = ReferencePolicyOption.GREEDY) InventorySync sync) {
        this.declarative = declarative;
        this.sync = sync;
    }

    @Override
    public ApiResponse handle(ApiRequest r) {
        String path = String.join("/", r.path().subList(1, r.path().size()));
        String method = METHODS.get(path);
        if (method == null) throw KilnException.notFound("no such resource: " + r.where() + " (apply, diff, export, status, sync)");
        if (!method.equals(r.method())) throw ApiProblem.methodNotAllowed(r, method);
        boolean loop = path.equals("status") || path.equals("sync");
        if (loop ? sync == null : declarative == null) {
            throw ApiProblem.unavailable(loop ? "the GitOps sync loop" : "the declarative inventory",
                    "its component is not running; check etc/io.kiln.gitops.cfg and the Kiln log");
        }
        return ApiResponse.ok(switch (path) {
            case "apply" -> applied(declarative.apply(dir(r), flag(r, "prune")));
            case "diff" -> diff(declarative.diff(dir(r)));
            case "export" -> {
                Path dir = dir(r);
                declarative.export(dir);
                yield Map.of("exported", dir.toString());
            }
            case "status" -> status(sync.status());
            default -> status(sync.syncNow());
        });
    }

    static Map<String, Object> applied(ApplyResult r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("summary", r.summary());
        m.put("created", r.created());
        m.put("updated", r.updated());
        m.put("deleted", r.deleted());
        m.put("unchanged", r.unchanged().size());
        m.put("implied", r.implied());
        return m;
    }

    /** The status with the last result as counts and changed names (not the possibly long list of unchanged ones). */
    static Map<String, Object> status(SyncStatus s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("mode", s.mode());
        m.put("source", s.source());
        m.put("prune", s.prune());
        m.put("lastCheck", s.lastCheck());
        m.put("revision", s.revision());
        m.put("appliedRevision", s.appliedRevision());
        m.put("lastApplied", s.lastApplied());
        m.put("lastResult", s.lastResult() == null ? null : applied(s.lastResult()));
        m.put("lastError", s.lastError());
        m.put("lastErrorTime", s.lastErrorTime());
        return m;
    }

    static Map<String, Object> diff(InventoryDiff d) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("inSync", d.inSync());
        m.put("same", d.same());
        List<Map<String, String>> entries = d.entries().stream().map(e -> Map.of("id", e.id(), "kind", e.kind().plural(), "name", e.name(),
                "type", e.type().name(), "detail", e.detail())).toList();
        m.put("entries", entries);
        return m;
    }

    private static Path dir(ApiRequest r) {
        String d = r.param("dir");
        if (d == null || d.isBlank()) throw KilnException.invalid("parameter 'dir' is required: an absolute directory on the Kiln machine");
        Path p = Path.of(d.trim());
        if (!p.isAbsolute()) throw KilnException.invalid("dir '" + d + "' must be an absolute path on the Kiln machine");
        return p.normalize();
    }

    private static boolean flag(ApiRequest r, String name) {
        String v = r.param(name);
        if (v == null || v.isBlank() || v.equalsIgnoreCase("false")) return false;
        if (v.equalsIgnoreCase("true")) return true;
        throw KilnException.invalid(name + " must be true or false, not '" + v + "'");
    }
}
