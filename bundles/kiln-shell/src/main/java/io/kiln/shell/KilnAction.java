package io.kiln.shell;

import io.kiln.api.KilnException;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.support.CommandException;

/**
 * What every kiln:* command is: a refusal (bad input, a conflict, something missing) reaches the operator as one
 * line and is an operator's mistake, not Kiln's, so Karaf logs it at DEBUG instead of an ERROR with a stack trace
 * (Karaf treats its CommandException so). Anything else is a fault and is logged as Karaf logs faults.
 */
abstract class KilnAction implements Action {

    @Override
    public final Object execute() throws Exception {
        try {
            return run();
        } catch (KilnException e) {
            throw new CommandException(e.getMessage());
        }
    }

    /** The command itself. */
    protected abstract Object run() throws Exception;
}
