package io.kiln.onboarding.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kiln.api.KilnException;
import io.kiln.api.store.Document;
import io.kiln.api.store.DocumentStore;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * One-time enrollment tokens: issued into a host's boot script, good once, for a short while. Only their SHA-256 is
 * stored (a database dump does not hand out tokens). A host keeps its few newest unused tokens (a machine may fetch
 * its script more than once before it boots); older ones are dropped.
 */
final class EnrollmentTokens {
    static final String KIND = "enrollment-token";
    private static final int KEEP_PER_HOST = 4;
    private static final SecureRandom RANDOM = new SecureRandom();

    private static final Duration PRUNE_EVERY = Duration.ofMinutes(1);

    private final DocumentStore store;
    private final Clock clock;
    private final java.util.concurrent.atomic.AtomicBoolean pruning = new java.util.concurrent.atomic.AtomicBoolean();
    private volatile Instant nextPrune = Instant.MIN;

    EnrollmentTokens(DocumentStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    /** What a presented token turned out to be. */
    record Check(String host, String problem) {
        boolean ok() {
            return problem == null;
        }
    }

    String issue(String host, Duration lifetime) {
        byte[] raw = new byte[24];
        RANDOM.nextBytes(raw);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
        Instant now = clock.instant();
        ObjectNode doc = Json.object().put("host", host).put("issued", now.toString()).put("expires", now.plus(lifetime).toString());
        store.put(KIND, digest(token), DocumentStore.MUST_NOT_EXIST, Json.write(doc));
        if (now.isAfter(nextPrune) && pruning.compareAndSet(false, true)) {
            try {
                nextPrune = now.plus(PRUNE_EVERY);
                prune(now);
            } finally {
                pruning.set(false);
            }
        }
        return token;
    }

    /**
     * Uses the token up (whatever the outcome, it is never good again) and says whose it was and whether it was good.
     * The one request that used it may present it again, with the same key ({@code key}, the SHA-256 of the
     * request's public key): an agent whose request timed out, or whose answer was lost when Kiln stopped, repeats
     * the same request (PROTOCOL.md), and would otherwise wait for an operator although the token was its own. Anyone
     * else presenting it, with another key, finds it used.
     */
    Check consume(String token, String key) {
        if (token == null || token.isBlank()) return new Check(null, "no enrollment token");
        String name = digest(token.trim());
        Optional<Document> d = store.get(KIND, name);
        if (d.isEmpty()) return new Check(null, "the enrollment token is not one this Kiln issued (or it was dropped as too old)");
        ObjectNode doc = (ObjectNode) Json.parse(d.get().json());
        String host = Json.text(doc, "host");
        String used = Json.text(doc, "used");
        Instant now = clock.instant();
        if (used != null) {
            boolean sameRequest = key != null && key.equals(Json.text(doc, "usedBy")) && !now.isAfter(Instant.parse(Json.text(doc, "expires")));
            return sameRequest ? new Check(host, null)
                    : new Check(host, "the enrollment token of host '" + host + "' was already used at " + used + " (replayed)");
        }
        doc.put("used", now.toString());
        if (key != null) doc.put("usedBy", key);
        try {
            store.put(KIND, name, d.get().version(), Json.write(doc));
        } catch (KilnException e) {
            if (e.kind() == KilnException.Kind.CONFLICT) return new Check(host, "the enrollment token of host '" + host + "' was used by another request at the same time");
            throw e;
        }
        Instant expires = Instant.parse(Json.text(doc, "expires"));
        if (now.isAfter(expires)) return new Check(host, "the enrollment token of host '" + host + "' expired at " + expires);
        return new Check(host, null);
    }

    /**
     * Drops every host's used and expired tokens, and all but its newest few. It reads every token, so it runs at most
     * once a minute (it ran for each issued token, and read 10,000 hosts' tokens for each boot script of a
     * 10,000-node fleet: bench/fleet); between two runs a host may hold a few more tokens, each still good once.
     */
    private void prune(Instant now) {
        java.util.Map<String, List<Document>> byHost = new java.util.HashMap<>();
        for (Document d : store.list(KIND)) byHost.computeIfAbsent(String.valueOf(Json.text(Json.parse(d.json()), "host")), h -> new java.util.ArrayList<>()).add(d);
        for (List<Document> tokens : byHost.values()) prune(tokens, now);
    }

    private void prune(List<Document> tokens, Instant now) {
        List<Document> mine = tokens.stream()
                .sorted((a, b) -> Json.text(Json.parse(b.json()), "issued").compareTo(Json.text(Json.parse(a.json()), "issued")))
                .toList();
        for (int i = 0; i < mine.size(); i++) {
            var doc = Json.parse(mine.get(i).json());
            boolean stale = Json.text(doc, "used") != null || now.isAfter(Instant.parse(Json.text(doc, "expires")).plus(Duration.ofDays(1)));
            if (i >= KEEP_PER_HOST || stale && i > 0) {
                try {
                    store.delete(KIND, mine.get(i).name(), mine.get(i).version());
                } catch (KilnException e) {
                    // another appliance pruned or used it meanwhile: nothing to do
                }
            }
        }
    }

    static String digest(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
