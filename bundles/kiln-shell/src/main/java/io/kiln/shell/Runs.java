package io.kiln.shell;

import io.kiln.api.KilnException;
import io.kiln.api.workflow.StepRun;
import io.kiln.api.workflow.WorkflowRun;
import io.kiln.api.workflow.Workflows;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** How the workflow commands print a run. */
final class Runs {
    private Runs() {
    }

    static Workflows require(Workflows w) {
        if (w == null) throw new KilnException(KilnException.Kind.UNAVAILABLE, "the workflow engine is not running (kiln:status says why)", null);
        return w;
    }

    static String at(Instant i) {
        return i == null ? "-" : i.truncatedTo(ChronoUnit.SECONDS).toString();
    }

    /** "3/7 image" */
    static String position(WorkflowRun r) {
        StepRun s = r.currentStep();
        return s == null ? r.steps().size() + "/" + r.steps().size() + " (end)" : (r.current() + 1) + "/" + r.steps().size() + " " + s.name();
    }

    static String summary(WorkflowRun r) {
        return "Host " + r.host() + ": workflow " + r.template() + " (run " + r.id() + ") " + r.state() + " at step " + position(r)
                + (r.reason().isEmpty() ? "" : "\n  " + r.reason());
    }

    static void print(WorkflowRun r, int logLines) {
        System.out.println("Host:      " + r.host());
        System.out.println("Workflow:  " + r.template() + " (" + (r.templateVersion() == 0 ? "built in" : "version " + r.templateVersion()) + "; run "
                + r.id() + ", started " + at(r.started()) + " by " + r.startedBy() + ")");
        System.out.println("State:     " + r.state() + " at step " + position(r));
        if (!r.reason().isEmpty()) System.out.println("Reason:    " + r.reason());
        System.out.println("Owner:     appliance " + r.owner() + "; updated " + at(r.updated()));
        System.out.println("Steps:");
        System.out.println(String.format("  %-3s %-18s %-16s %-9s %-11s %-3s %-20s %-20s %s", "#", "NAME", "TYPE", "ON", "STATE", "TRY", "STARTED", "FINISHED", "MESSAGE"));
        for (int i = 0; i < r.steps().size(); i++) {
            StepRun s = r.steps().get(i);
            System.out.println(String.format("  %-3s %-18s %-16s %-9s %-11s %-3s %-20s %-20s %s", (i == r.current() && r.state().active() ? ">" : "") + (i + 1),
                    s.name(), s.type(), s.on(), s.state(), s.attempt() == 0 ? "-" : Integer.toString(s.attempt()), at(s.started()), at(s.finished()),
                    s.message() + (s.nextAttempt() == null ? "" : " (next attempt " + at(s.nextAttempt()) + ")")));
            int from = Math.max(0, s.log().size() - logLines);
            for (String line : s.log().subList(from, s.log().size())) System.out.println("        | " + line);
        }
    }
}
