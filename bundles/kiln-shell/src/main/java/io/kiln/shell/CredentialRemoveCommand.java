package io.kiln.shell;

import io.kiln.api.KilnException;
import io.kiln.api.hardware.CredentialStore;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** kiln:credential-remove: forgets a stored BMC login. */
@Service
@Command(scope = "kiln", name = "credential-remove", description = "Remove a stored BMC login")
public class CredentialRemoveCommand extends KilnAction {

    @Reference(optional = true) CredentialStore store;

    @Argument(index = 0, name = "name", required = true, description = "credential name")
    String name;

    @Override
    protected Object run() {
        if (store == null) throw new KilnException(KilnException.Kind.UNAVAILABLE, "the Kiln credential store is not running (see log:display)", null);
        if (!store.remove(name)) throw KilnException.notFound("no credential named '" + name + "'");
        System.out.println("Removed credential " + name);
        return null;
    }
}
