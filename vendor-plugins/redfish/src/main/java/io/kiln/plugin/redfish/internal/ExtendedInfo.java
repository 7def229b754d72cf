package io.kiln.plugin.redfish.internal;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * The BMC's own words on a request: Redfish's {@code @Message.ExtendedInfo} (in an {@code error} object or at the
 * top of a resource), else the error's {@code message}.
 *
 * @param messageId e.g. {@code Base.1.8.PropertyValueNotInList}, or null
 * @param message   what it says, or null
 * @param resolution what it suggests, or null
 */
public record ExtendedInfo(String messageId, String message, String resolution) {

    /** Every message in a body (empty when it has none or is not JSON). */
    public static List<ExtendedInfo> of(JsonNode body) {
        List<ExtendedInfo> out = new ArrayList<>();
        if (body == null || !body.isObject()) return out;
        JsonNode error = body.path("error");
        collect(error.path("@Message.ExtendedInfo"), out);
        collect(body.path("@Message.ExtendedInfo"), out);
        if (out.isEmpty() && error.isObject()) {
            String m = text(error.path("message"));
            String code = text(error.path("code"));
            if (m != null || code != null) out.add(new ExtendedInfo(code, m, null));
        }
        return out;
    }

    private static void collect(JsonNode infos, List<ExtendedInfo> out) {
        if (infos.isObject()) infos = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.arrayNode().add(infos);
        if (!infos.isArray()) return;
        for (JsonNode i : infos) {
            String id = text(i.path("MessageId"));
            String m = text(i.path("Message"));
            if (id != null || m != null) out.add(new ExtendedInfo(id, m, text(i.path("Resolution"))));
        }
    }

    /** "Message (MessageId); Message (MessageId)", or null when there is nothing. */
    public static String describe(List<ExtendedInfo> infos) {
        if (infos.isEmpty()) return null;
        List<String> parts = new ArrayList<>();
        for (ExtendedInfo i : infos) {
            String s = i.message() != null ? i.message() : "";
            if (i.messageId() != null) s = s.isEmpty() ? i.messageId() : s + " (" + i.messageId() + ")";
            if (!parts.contains(s)) parts.add(s);
        }
        return String.join("; ", parts);
    }

    /** The MessageIds of these messages. */
    public static List<String> ids(List<ExtendedInfo> infos) {
        return infos.stream().map(ExtendedInfo::messageId).filter(java.util.Objects::nonNull).toList();
    }

    private static String text(JsonNode n) {
        return n.isTextual() && !n.asText().isBlank() ? n.asText().trim() : null;
    }
}
