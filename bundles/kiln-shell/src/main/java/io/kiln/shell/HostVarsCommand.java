package io.kiln.shell;

import io.kiln.api.inventory.Inventory;
import io.kiln.api.inventory.ResolvedVariable;
import java.util.Locale;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

/** kiln:host-vars: a host's effective variables, where each comes from and what it overrides. */
@Service
@Command(scope = "kiln", name = "host-vars", description = "Show a host's effective variables and where each comes from (host > cluster > role > site > global)")
public class HostVarsCommand extends KilnAction {

    @Reference Inventory inventory;

    @Argument(index = 0, name = "name", required = true, description = "host name")
    String name;

    @Override
    protected Object run() {
        ShellTable t = new ShellTable();
        t.column("Name");
        t.column("Value").maxSize(60);
        t.column("From");
        t.column("Overrides");
        for (ResolvedVariable v : inventory.variables(name)) {
            String from = v.source() == ResolvedVariable.Source.GLOBAL ? "global" : v.source().name().toLowerCase(Locale.ROOT) + " " + v.sourceName();
            t.addRow().addContent(v.name(), v.value(), from, v.overrides().isEmpty() ? "-" : String.join("; ", v.overrides()));
        }
        t.print(System.out);
        return null;
    }
}
