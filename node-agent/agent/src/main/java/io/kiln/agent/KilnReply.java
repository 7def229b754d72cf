package io.kiln.agent;

import java.io.IOException;
import java.util.Map;

/** A JSON answer of Kiln: status and body (an object, or a problem document for refusals). */
record KilnReply(int status, String text) {

    Map<String, Object> body() throws IOException {
        return Json.readObject(text);
    }

    /** The problem document's detail (or title), else the raw text: what an operator should read. */
    String problem() {
        try {
            Map<String, Object> p = body();
            String detail = Json.string(p, "detail");
            String title = Json.string(p, "title");
            if (detail != null) return title == null ? detail : title + ": " + detail;
            if (title != null) return title;
        } catch (IOException | RuntimeException e) {
            // not JSON: fall through to the text
        }
        return text == null || text.isBlank() ? "(no explanation in the answer)" : text.trim();
    }
}
