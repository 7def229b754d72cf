package io.kiln.web.internal;

import java.io.IOException;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

/** An answer that is not a body but a stream the servlet hands the request to (asynchronously: it returns at once). */
@FunctionalInterface
interface Streaming {
    void start(HttpServletRequest req, HttpServletResponse resp) throws IOException;
}
