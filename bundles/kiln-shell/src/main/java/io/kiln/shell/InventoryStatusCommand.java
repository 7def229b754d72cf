package io.kiln.shell;

import io.kiln.api.gitops.InventorySync;
import io.kiln.api.gitops.SyncStatus;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** kiln:inventory-status: what the GitOps loop follows and how its last reconcile went. */
@Service
@Command(scope = "kiln", name = "inventory-status", description = "Show the declarative inventory's watcher / git sync and its last result")
public class InventoryStatusCommand extends KilnAction {

    @Reference InventorySync sync;

    @Option(name = "--now", description = "reconcile now (fetch in git mode) before showing the status")
    boolean now;

    @Override
    protected Object run() {
        SyncStatus s = now ? sync.syncNow() : sync.status();
        System.out.println("Mode:         " + s.mode() + (s.mode() == SyncStatus.Mode.OFF ? " (set directory or gitUrl in etc/io.kiln.gitops.cfg)" : ""));
        if (s.mode() == SyncStatus.Mode.OFF) return null;
        System.out.println("Source:       " + s.source());
        System.out.println("Prune:        " + s.prune());
        System.out.println("Last check:   " + dash(s.lastCheck()));
        boolean behind = s.revision() != null && !s.revision().equals(s.appliedRevision());
        System.out.println("Revision:     " + dash(s.revision()) + (behind ? " (last seen; not applied)" : ""));
        System.out.println("Applied:      " + dash(s.appliedRevision()) + (s.lastApplied() == null ? "" : " at " + s.lastApplied())
                + (s.lastResult() == null ? "" : " (" + s.lastResult().summary() + ")"));
        if (s.lastError() != null) System.out.println("Last error:   " + s.lastErrorTime() + " (store unchanged; retried on the next change)\n" + s.lastError());
        return null;
    }

    private static String dash(Object o) {
        return o == null ? "-" : o.toString();
    }
}
