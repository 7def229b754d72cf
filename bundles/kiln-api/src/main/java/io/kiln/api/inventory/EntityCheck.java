package io.kiln.api.inventory;

import java.util.List;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * A check other bundles add to every inventory write, as an OSGi service: what an entity cannot be on its own that
 * only that bundle knows (e.g. the boot bundle: a profile's template overrides must name files it serves). A write
 * with a problem is refused with the message, like the inventory's own rules, and nothing is written.
 */
@ConsumerType
public interface EntityCheck {

    /**
     * @param entity a site, role, profile, host, cluster or instance about to be written
     * @return one line per problem, naming the entity (e.g. "profile 'p': templates key 'user-dat' is no file Kiln
     *         serves per host (...)"); empty when it is fine or of a kind this check does not know
     */
    List<String> problems(Object entity);
}
