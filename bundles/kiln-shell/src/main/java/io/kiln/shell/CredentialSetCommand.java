package io.kiln.shell;

import io.kiln.api.KilnException;
import io.kiln.api.hardware.CredentialStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.Session;

/** kiln:credential-set: stores a BMC login, encrypted; the password never appears on the command line. */
@Service
@Command(scope = "kiln", name = "credential-set", description = "Store a BMC login (encrypted under data/kiln); the password is read without echo or from --password-file")
public class CredentialSetCommand extends KilnAction {

    @Reference(optional = true) CredentialStore store;

    @Reference Session session;

    @Argument(index = 0, name = "name", required = true, description = "what hosts call it (kiln:host-add --bmc-credential NAME)")
    String name;

    @Option(name = "--username", aliases = "-u", required = true, description = "the BMC user")
    String username;

    @Option(name = "--password-file", description = "read the password from the first line of this file instead of the console")
    String passwordFile;

    @Override
    protected Object run() throws Exception {
        if (store == null) throw new KilnException(KilnException.Kind.UNAVAILABLE, "the Kiln credential store is not running (see log:display)", null);
        char[] password = passwordFile != null ? fromFile(Path.of(passwordFile)) : fromConsole();
        try {
            store.set(name, username, password);
        } finally {
            Arrays.fill(password, '\0');
        }
        System.out.println("Stored credential " + name + " (user " + username + ")");
        return null;
    }

    private static char[] fromFile(Path file) {
        try {
            String first = Files.readAllLines(file).stream().findFirst().orElse("");
            return first.toCharArray();
        } catch (java.nio.file.NoSuchFileException e) {
            throw KilnException.invalid("cannot read --password-file " + file + ": no such file");
        } catch (java.nio.file.AccessDeniedException e) {
            throw KilnException.invalid("cannot read --password-file " + file + ": permission denied");
        } catch (IOException e) {
            throw KilnException.invalid("cannot read --password-file " + file + ": " + e.getMessage());
        }
    }

    private char[] fromConsole() throws IOException {
        String line;
        try {
            // '\0' as the mask: JLine echoes nothing at all
            line = session.readLine("Password for " + username + ": ", '\0');
        } catch (UnsupportedOperationException e) {
            // a session with no terminal to ask on (bin/client with a command, piped input): say what works instead
            throw KilnException.invalid("there is no terminal to ask for the password here: give it with --password-file FILE"
                    + " (its first line), or run the command in an interactive console");
        }
        return line == null ? new char[0] : line.toCharArray();
    }
}
