package io.kiln.it;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One HTTP answer as {@link Curl} got it: status (0 when nothing answered), response headers and body; JSON bodies
 * are read with Jackson, never with regular expressions.
 */
record Http(int status, String headers, String body) {
    static final ObjectMapper JSON = new ObjectMapper();

    /** The first value of a response header, or null. */
    String header(String name) {
        Matcher m = Pattern.compile("(?im)^" + Pattern.quote(name) + ":\\s*(.*?)\\s*$").matcher(headers);
        return m.find() ? m.group(1) : null;
    }

    /** The body as JSON; an AssertionError naming the answer when it is not JSON. */
    JsonNode json() {
        try {
            return JSON.readTree(body);
        } catch (JsonProcessingException e) {
            throw new AssertionError("not JSON: " + this, e);
        }
    }

    /** The body as a JSON object to change and send back (e.g. a GET's entity for a PUT). */
    ObjectNode object() {
        return (ObjectNode) json();
    }

    /** The {@code name} of every item of a list answer ({@code {total, offset, limit, items}}). */
    List<String> names() {
        List<String> names = new ArrayList<>();
        json().path("items").forEach(item -> names.add(item.path("name").asText()));
        return names;
    }

    /** {@code total} of a list answer, -1 when the answer has none. */
    int total() {
        return json().path("total").asInt(-1);
    }

    @Override
    public String toString() {
        return status + "\n" + headers + "\n" + body;
    }
}
