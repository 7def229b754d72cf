package io.kiln.shell;

import io.kiln.api.KilnException;
import io.kiln.api.onboarding.EnrollmentRule;
import io.kiln.api.onboarding.Onboarding;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** kiln:enroll-rule-add: a site opts in to registering unknown machines whose facts match. */
@Service
@Command(scope = "kiln", name = "enroll-rule-add", description = "Let unknown machines whose facts match register themselves at a site (auto-enrollment); replaces a rule of the same name")
public class EnrollRuleAddCommand extends KilnAction {

    @Reference(optional = true) Onboarding onboarding;

    @Option(name = "--site", required = true, description = "the site new hosts join")
    String site;
    @Option(name = "--role", description = "their role")
    String role;
    @Option(name = "--vendor", description = "glob on the machine's vendor, e.g. 'Dell*'")
    String vendor;
    @Option(name = "--model", description = "glob on its model")
    String model;
    @Option(name = "--serial", description = "glob on its serial")
    String serial;
    @Option(name = "--mac-prefix", description = "a MAC prefix one of its NICs has, e.g. 52:54:00")
    String macPrefix;
    @Option(name = "--pci", description = "a PCI device it has, vvvv:dddd or vvvv:*")
    String pci;
    @Option(name = "--name-pattern", description = "new host names, with ${site}, ${mac}, ${serial} (default ${site}-${mac})")
    String namePattern;

    @Argument(index = 0, name = "name", required = true, description = "rule name")
    String name;

    @Override
    protected Object run() {
        if (onboarding == null) throw new KilnException(KilnException.Kind.UNAVAILABLE, "Kiln onboarding is not running (kiln:status says why)", null);
        EnrollmentRule r = onboarding.putRule(new EnrollmentRule(name, site, role, vendor, model, serial, macPrefix, pci, namePattern));
        System.out.println("Enrollment rule " + r.name() + ": unknown machines matching it join site " + r.site()
                + (r.role() == null ? "" : " as " + r.role()) + " without an operator, named " + r.namePattern());
        return null;
    }
}
