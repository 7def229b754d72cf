package io.kiln.shell;

import io.kiln.api.KilnException;
import io.kiln.api.onboarding.Onboarding;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** kiln:enroll-rule-remove: a site stops auto-enrolling machines by this rule. */
@Service
@Command(scope = "kiln", name = "enroll-rule-remove", description = "Remove an auto-enrollment rule")
public class EnrollRuleRemoveCommand extends KilnAction {

    @Reference(optional = true) Onboarding onboarding;

    @Argument(index = 0, name = "name", required = true, description = "rule name")
    String name;

    @Override
    protected Object run() {
        if (onboarding == null) throw new KilnException(KilnException.Kind.UNAVAILABLE, "Kiln onboarding is not running (kiln:status says why)", null);
        onboarding.removeRule(name);
        System.out.println("Removed enrollment rule " + name);
        return null;
    }
}
