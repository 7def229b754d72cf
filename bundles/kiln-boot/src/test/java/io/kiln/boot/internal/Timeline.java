package io.kiln.boot.internal;

import io.kiln.api.events.EventSource;
import io.kiln.api.events.HostEvent;
import io.kiln.api.events.HostEvents;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A HostEvents that keeps what was recorded, one "host type detail" line each (HTTP events only). */
final class Timeline implements HostEvents {
    final List<String> lines = new CopyOnWriteArrayList<>();

    @Override
    public void record(String host, EventSource source, String type, String detail) {
        if (source != EventSource.HTTP) throw new AssertionError("kiln-boot records HTTP events, not " + source);
        lines.add(host + " " + type + " " + detail);
    }

    /** The lines of one host. */
    List<String> of(String host) {
        return lines.stream().filter(l -> l.startsWith(host + " ")).toList();
    }

    @Override
    public List<HostEvent> events(String host, long afterId, int limit) {
        throw new UnsupportedOperationException();
    }

    @Override
    public List<HostEvent> recent(long afterId, int limit) {
        throw new UnsupportedOperationException();
    }
}
