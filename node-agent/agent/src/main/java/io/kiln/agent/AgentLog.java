package io.kiln.agent;

import java.time.LocalTime;
import java.time.format.DateTimeFormatter;

/** Plain lines on stdout, prefixed so they stand out on the micro-OS console among the kernel's messages. */
final class AgentLog {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss");

    private AgentLog() {
    }

    static void info(String message) {
        // synchronized on System.out: heartbeat, progress and the main loop log from different threads
        synchronized (System.out) {
            System.out.println("kiln-agent: " + LocalTime.now().format(TIME) + " " + message);
            System.out.flush();
        }
    }
}
