package io.kiln.shell;

import io.kiln.api.KilnException;
import io.kiln.api.onboarding.EnrollmentRule;
import io.kiln.api.onboarding.Onboarding;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

/** kiln:enroll-rule-list: the sites' auto-enrollment rules. */
@Service
@Command(scope = "kiln", name = "enroll-rule-list", description = "List the auto-enrollment rules (tried by name; the first that matches registers a machine)")
public class EnrollRuleListCommand extends KilnAction {

    @Reference(optional = true) Onboarding onboarding;

    @Override
    protected Object run() {
        if (onboarding == null) throw new KilnException(KilnException.Kind.UNAVAILABLE, "Kiln onboarding is not running (kiln:status says why)", null);
        ShellTable t = new ShellTable();
        for (String c : new String[] {"Name", "Site", "Role", "Vendor", "Model", "Serial", "MAC prefix", "PCI", "Names"}) t.column(c);
        for (EnrollmentRule r : onboarding.rules()) {
            t.addRow().addContent(r.name(), r.site(), d(r.role()), d(r.vendor()), d(r.model()), d(r.serial()), d(r.macPrefix()), d(r.pci()),
                    r.namePattern());
        }
        t.print(System.out);
        return null;
    }

    private static String d(String s) {
        return HostListCommand.dash(s);
    }
}
