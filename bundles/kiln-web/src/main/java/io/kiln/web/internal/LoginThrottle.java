package io.kiln.web.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Failed logins per client address in the last minute: past the limit, a client waits (password guessing). */
final class LoginThrottle {
    static final Duration WINDOW = Duration.ofMinutes(1);
    /** Addresses kept at most: a flood of addresses cannot grow the map without bound (the oldest are forgotten). */
    private static final int MAX_ADDRESSES = 10_000;

    private final Map<String, Deque<Instant>> failures = new ConcurrentHashMap<>();

    /** @return how long the address must wait before its next try, or {@link Duration#ZERO} when it may try now */
    Duration wait(String address, int limit, Instant now) {
        Deque<Instant> f = failures.get(address);
        if (f == null) return Duration.ZERO;
        synchronized (f) {
            while (!f.isEmpty() && !f.peekFirst().plus(WINDOW).isAfter(now)) f.pollFirst();
            if (f.size() < limit) return Duration.ZERO;
            return Duration.between(now, f.peekFirst().plus(WINDOW));
        }
    }

    void failed(String address, Instant now) {
        if (failures.size() >= MAX_ADDRESSES) failures.clear();
        Deque<Instant> f = failures.computeIfAbsent(address, a -> new ArrayDeque<>());
        synchronized (f) {
            f.addLast(now);
        }
    }

    void succeeded(String address) {
        failures.remove(address);
    }
}
