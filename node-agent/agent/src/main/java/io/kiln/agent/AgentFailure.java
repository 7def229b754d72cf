package io.kiln.agent;

/** A failure that ends the agent: a sentence for the operator and the exit status to end with. */
final class AgentFailure extends RuntimeException {
    private final int exitCode;

    AgentFailure(int exitCode, String message) {
        super(message);
        this.exitCode = exitCode;
    }

    AgentFailure(int exitCode, String message, Throwable cause) {
        super(message, cause);
        this.exitCode = exitCode;
    }

    int exitCode() {
        return exitCode;
    }
}
