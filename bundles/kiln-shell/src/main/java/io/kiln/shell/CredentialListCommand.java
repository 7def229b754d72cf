package io.kiln.shell;

import io.kiln.api.KilnException;
import io.kiln.api.hardware.CredentialStore;
import io.kiln.api.hardware.StoredCredential;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

/** kiln:credential-list: the stored BMC logins, never their passwords. */
@Service
@Command(scope = "kiln", name = "credential-list", description = "List stored BMC logins (name and user; passwords are never shown)")
public class CredentialListCommand extends KilnAction {

    @Reference(optional = true) CredentialStore store;

    @Override
    protected Object run() {
        if (store == null) throw new KilnException(KilnException.Kind.UNAVAILABLE, "the Kiln credential store is not running (see log:display)", null);
        ShellTable t = new ShellTable();
        t.column("Name");
        t.column("User");
        for (StoredCredential c : store.list()) t.addRow().addContent(c.name(), c.username());
        t.print(System.out);
        return null;
    }
}
