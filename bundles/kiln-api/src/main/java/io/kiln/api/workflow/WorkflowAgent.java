package io.kiln.api.workflow;

import io.kiln.api.onboarding.AgentAction;
import java.util.List;
import java.util.Map;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The engine's side of the agent API ({@code /agent/v1}, node-agent/PROTOCOL.md): what a host's agent does next,
 * what it reports, and the host events the engine's waits complete on. The onboarding service calls it after it has
 * authenticated the agent. All methods throw {@link io.kiln.api.KilnException}.
 */
@ProviderType
public interface WorkflowAgent {

    /** The host's next agent action: the step its run is at when that runs on the agent, else wait or done. */
    AgentAction next(String host);

    /**
     * The host's next agent action, from an agent that says which action it received last ({@code received}: its
     * id, null if it has received none since it started). A step that is not idempotent, handed out but not
     * reported, is handed out again only to an agent that says it never received it: its answer was lost on the way
     * (Kiln stopped before it went out). To any other agent it is in doubt, as with {@link #next(String)}.
     */
    default AgentAction next(String host, String received) {
        return next(host);
    }

    /** Progress of an action the agent runs. NOT_FOUND: the host's run has no such action. */
    void progress(String host, String actionId, Integer percent, String message, List<String> log);

    /** The outcome of an action. NOT_FOUND: the host's run has no such action (e.g. one of a cancelled run). */
    void result(String host, String actionId, boolean ok, String message, Map<String, String> details);

    /** The agent is alive. */
    void heartbeat(String host);

    /**
     * Something happened to the host that a step may wait for: {@code onboarded} (with new credentials) or
     * {@code first-boot} (the installed system reported). A ZTP host's run starts here if it has not started yet.
     */
    void hostEvent(String host, String event, String detail);

    /**
     * Why the host must boot from its disk rather than the network, or null: its OS was written and it was rebooted
     * into it, or its run is done.
     */
    String bootsFromDisk(String host);

    /**
     * Why Kiln leaves the host alone (an operator detached it: no workflow starts, every network boot goes to its
     * disk, whatever it would boot otherwise), or null.
     */
    default String detached(String host) {
        return null;
    }
}
