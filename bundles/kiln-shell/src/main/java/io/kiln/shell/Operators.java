package io.kiln.shell;

import org.apache.karaf.shell.api.console.Session;

/** Who is typing: the Karaf user of a shell session, as decisions record it ("approved ... by karaf"). */
final class Operators {
    private Operators() {
    }

    static String name(Session session) {
        Object u = session == null ? null : session.get("USER");
        return u == null ? "an operator" : u.toString();
    }
}
