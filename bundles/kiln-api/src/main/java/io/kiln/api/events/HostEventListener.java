package io.kiln.api.events;

import java.util.List;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * Told of events as soon as they are stored (with their ids), in the order stored: register one as a service and
 * the events bundle finds it (live streams, the fleet summary). Called on the events writer's thread: return quickly,
 * never block (hand the events on); what a listener throws is logged and does not stop the others.
 */
@ConsumerType
public interface HostEventListener {
    /** @param events a batch just stored, oldest first, each with its id */
    void stored(List<HostEvent> events);
}
