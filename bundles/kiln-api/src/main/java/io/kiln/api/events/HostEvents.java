package io.kiln.api.events;

import java.util.List;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Each host's timeline. Recording never blocks the caller and never throws: events are written in batches off the
 * caller's thread (and kept in memory, up to a bound, while the database cannot be reached), so DHCP and the
 * workflow engine can record freely. Events are kept for the configured retention and sent to the configured
 * webhooks.
 */
@ProviderType
public interface HostEvents {

    /** Records that something happened to a host now. Never blocks, never throws. */
    void record(String host, EventSource source, String type, String detail);

    /**
     * A host's events with an id greater than {@code afterId}, oldest first, at most {@code limit} (the newest ones
     * when there are more and {@code afterId} is 0; otherwise the oldest after it, so a follower pages forward).
     *
     * @throws io.kiln.api.KilnException UNAVAILABLE when the database cannot be read
     */
    List<HostEvent> events(String host, long afterId, int limit);

    /** Every host's events after {@code afterId}, oldest first, at most {@code limit}, as {@link #events}. */
    List<HostEvent> recent(long afterId, int limit);
}
