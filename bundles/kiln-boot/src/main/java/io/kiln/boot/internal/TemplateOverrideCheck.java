package io.kiln.boot.internal;

import io.kiln.api.inventory.BootProfile;
import io.kiln.api.inventory.EntityCheck;
import java.util.List;
import org.osgi.service.component.annotations.Component;

/**
 * Refuses a profile whose {@code templates} map has a key that names no file Kiln serves per host (a typo, or the
 * ambiguous {@code user-data}) when it is written, not when a machine asks for its config at a remote site. The
 * templates the keys point to are checked when files are served: the operator may add them to the template
 * directory after the profile.
 */
@Component(service = EntityCheck.class)
public class TemplateOverrideCheck implements EntityCheck {

    @Override
    public List<String> problems(Object entity) {
        return entity instanceof BootProfile p ? ProvisioningFileRenderer.CHOICE.keyProblems(p) : List.of();
    }
}
