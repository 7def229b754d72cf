package io.kiln.api.status;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * A subsystem's own word on its health, for what the OSGi framework cannot see: a store reconnecting with backoff,
 * a server waiting for its port, a setting that was ignored. Registered as a service by the subsystem's bundle;
 * the {@link StatusService} takes the worse of this and its components' states, and joins the reasons.
 */
@ConsumerType
public interface HealthReport {

    /** Which subsystem this speaks for, e.g. {@code store}; one the status lists, or a new one it then adds. */
    String subsystem();

    /** Now. Called on every status request: must be cheap and never block (report what was last seen). */
    Health health();
}
