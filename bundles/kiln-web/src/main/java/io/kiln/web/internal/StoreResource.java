package io.kiln.web.internal;

import io.kiln.api.KilnException;
import io.kiln.api.rest.ApiProblem;
import io.kiln.api.rest.ApiRequest;
import io.kiln.api.rest.ApiResource;
import io.kiln.api.rest.ApiResponse;
import io.kiln.api.store.BackupSummary;
import io.kiln.api.store.StoreBackup;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.Map;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/**
 * {@code GET /api/v1/store/backup} (the whole store as a kiln:store-backup file) and {@code POST /api/v1/store/restore}
 * (such a file as the body, into an empty store); 503 while the store is not running.
 */
@Component(service = ApiResource.class, property = ApiResource.PATH + "=store")
public final class StoreResource implements ApiResource {
    private final StoreBackup backup;

    /** @param backup the store's backup, or null while the store is not running */
    @Activate
    public StoreResource(@Reference(cardinality = ReferenceCardinality.OPTIONAL, policyOption = ReferencePolicyOption.GREEDY) StoreBackup backup) {
        this.backup = backup;
    }

    @Override
    public ApiResponse handle(ApiRequest r) {
        String route = String.join("/", r.path());
        switch (route) {
            case "store/backup" -> {
                if (!"GET".equals(r.method())) throw ApiProblem.methodNotAllowed(r, "GET");
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                BackupSummary s = store().backup(out);
                return new ApiResponse(200, Map.of("Content-Type", "application/x-ndjson",
                        "Content-Disposition", "attachment; filename=\"kiln-store-" + s.revision() + ".jsonl\""), out.toByteArray());
            }
            case "store/restore" -> {
                if (!"POST".equals(r.method())) throw ApiProblem.methodNotAllowed(r, "POST");
                if (r.body().length == 0) throw KilnException.invalid("the body must be a backup (GET /api/v1/store/backup or kiln:store-backup)");
                return ApiResponse.ok(store().restore(new ByteArrayInputStream(r.body())));
            }
            default -> throw KilnException.notFound("no such resource: " + r.where() + " (try store/backup, store/restore)");
        }
    }

    private StoreBackup store() {
        if (backup == null) throw ApiProblem.unavailable("the store", "its component is not running; see kiln:status");
        return backup;
    }
}
