package io.kiln.api.onboarding;

import java.util.Map;

/**
 * One thing the agent is to do (PROTOCOL.md, "Actions").
 *
 * @param id         unique per host
 * @param type       wait, image, files, script, reboot or done
 * @param parameters the type's fields, JSON-compatible values (strings, numbers, booleans, lists, maps)
 */
public record AgentAction(String id, String type, Map<String, Object> parameters) {
    public AgentAction {
        parameters = parameters == null ? Map.of() : Map.copyOf(parameters);
    }
}
