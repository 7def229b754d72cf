package io.kiln.workflow.internal;

import io.kiln.api.events.EventSource;

/** Where the engine tells each host's timeline what happened (the HostEvents service when it runs, and the log). */
interface Timeline {
    void record(String host, EventSource source, String type, String detail);
}
