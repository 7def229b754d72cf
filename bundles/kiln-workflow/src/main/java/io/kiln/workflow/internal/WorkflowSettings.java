package io.kiln.workflow.internal;

import io.kiln.api.status.Health;
import io.kiln.config.ConfigFile;
import java.util.Map;

/**
 * etc/io.kiln.workflow.cfg as read.
 *
 * @param workers        how many runs advance at once (threads off the network threads)
 * @param actionThreads  how many appliance actions (BMC calls) run at once
 * @param leaseSeconds   how long an appliance's claim on its runs lasts without renewal: another appliance sharing
 *                       the database takes its runs over after that
 * @param recheckSeconds how often a run that waits (for the agent, an event, another appliance's write) is looked at
 * @param appliance      this appliance's name among those sharing the database; empty: an id kept in data/
 * @param problems       refused values, for kiln:status
 */
record WorkflowSettings(int workers, int actionThreads, int leaseSeconds, int recheckSeconds, String appliance, Health problems) {
    static final String PID = "io.kiln.workflow";

    static WorkflowSettings read(Map<String, ?> properties) {
        ConfigFile c = ConfigFile.of(PID, properties == null ? Map.of() : properties);
        int workers = c.integer("workers", 16, 1, 512);
        int actions = c.integer("actionThreads", 32, 1, 1024);
        int lease = c.integer("leaseSeconds", 30, 5, 3600);
        int recheck = c.integer("recheckSeconds", 5, 1, 300);
        String appliance = c.string("appliance", "").trim();
        c.unknownKeys();
        return new WorkflowSettings(workers, actions, lease, recheck, appliance, c.health());
    }

    static WorkflowSettings defaults() {
        return read(Map.of());
    }
}
