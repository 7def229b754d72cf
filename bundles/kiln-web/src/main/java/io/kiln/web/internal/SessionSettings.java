package io.kiln.web.internal;

import io.kiln.config.ConfigFile;
import java.time.Duration;

/**
 * How long console sessions live and how many failed logins a client may make, from etc/io.kiln.web.cfg:
 * {@code session.idleMinutes} (30: a session unused that long ends), {@code session.maxHours} (12: every session
 * ends that long after the login, used or not) and {@code login.failuresPerMinute} (5 per client address, console
 * and HTTP Basic logins together; more are refused with 429 until the minute has passed).
 */
record SessionSettings(Duration idle, Duration lifetime, int failuresPerMinute) {
    static final SessionSettings DEFAULT = new SessionSettings(Duration.ofMinutes(30), Duration.ofHours(12), 5);

    /** Reads the keys; a refused value keeps its default and is one of {@code cfg}'s errors. */
    static SessionSettings read(ConfigFile cfg) {
        return new SessionSettings(Duration.ofMinutes(cfg.integer("session.idleMinutes", 30, 1, 24 * 60)),
                Duration.ofHours(cfg.integer("session.maxHours", 12, 1, 24 * 30)), cfg.integer("login.failuresPerMinute", 5, 1, 1000));
    }
}
