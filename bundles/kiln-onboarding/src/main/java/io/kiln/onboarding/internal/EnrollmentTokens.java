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

    private final DocumentStore store;
    private final Clock clock;

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
        prune(host, now);
        return token;
    }

    /** Uses the token up (whatever the outcome, it is never good again) and says whose it was and whether it was good. */
    Check consume(String token) {
        if (token == null || token.isBlank()) return new Check(null, "no enrollment token");
        String name = digest(token.trim());
        Optional<Document> d = store.get(KIND, name);
        if (d.isEmpty()) return new Check(null, "the enrollment token is not one this Kiln issued (or it was dropped as too old)");
        ObjectNode doc = (ObjectNode) Json.parse(d.get().json());
        String host = Json.text(doc, "host");
        String used = Json.text(doc, "used");
        if (used != null) return new Check(host, "the enrollment token of host '" + host + "' was already used at " + used + " (replayed)");
        Instant now = clock.instant();
        doc.put("used", now.toString());
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

    /** Drops the host's used and expired tokens, and all but its newest few. */
    private void prune(String host, Instant now) {
        List<Document> mine = store.list(KIND).stream()
                .filter(d -> host.equals(Json.text(Json.parse(d.json()), "host")))
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
