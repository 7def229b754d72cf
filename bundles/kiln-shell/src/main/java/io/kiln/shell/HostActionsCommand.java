package io.kiln.shell;

import io.kiln.api.KilnException;
import io.kiln.api.fleet.HostAction;
import io.kiln.api.fleet.HostActions;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

/** kiln:host-actions: which operator actions apply to a host now, and why the others do not (as GET /api/v1/hosts/{name}/actions). */
@Service
@Command(scope = "kiln", name = "host-actions", description = "Which operator actions apply to a host now, and why the others do not")
public class HostActionsCommand extends KilnAction {

    @Reference(optional = true) HostActions actions;

    @Argument(index = 0, name = "host", required = true, description = "the host")
    String host;

    @Override
    protected Object run() {
        if (actions == null) throw new KilnException(KilnException.Kind.UNAVAILABLE, "host actions (kiln-web) are not running: they need the inventory", null);
        ShellTable t = new ShellTable();
        t.column("Action");
        t.column("Available");
        t.column("Call");
        t.column("Why not").maxSize(100);
        for (HostAction a : actions.actions(host)) {
            t.addRow().addContent(a.action(), a.available() ? "yes" : "no", a.path() == null ? "-" : a.method() + " " + a.path(), a.reason() == null ? "" : a.reason());
        }
        t.print(System.out);
        return null;
    }
}
