package io.kiln.pki.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.kiln.api.KilnException;
import io.kiln.api.pki.CertificateRecord;
import io.kiln.api.store.Document;
import io.kiln.api.store.DocumentStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The client certificates Kiln issued, one document each in the store (kind {@value #KIND}, named by the serial in
 * hex), so that they and their revocations survive restarts and are shared by appliances on one database.
 */
final class HostRecords {
    static final String KIND = "certificate";
    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS).disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    /** One issued certificate as stored: the record {@code certificates()} lists, and the certificate itself. */
    record Stored(String kind, String subject, String host, String serial, String sha256, Instant notBefore, Instant notAfter,
                  List<String> names, Instant revoked, String revokedReason, String pem) {
        CertificateRecord record() {
            return new CertificateRecord(kind, subject, host, serial, sha256, notBefore, notAfter, names, revoked, revokedReason);
        }

        Stored revoke(Instant when, String reason) {
            return new Stored(kind, subject, host, serial, sha256, notBefore, notAfter, names, when, reason, pem);
        }
    }

    private final DocumentStore store;

    HostRecords(DocumentStore store) {
        this.store = store;
    }

    /**
     * Each host's certificate serials, for a store only this process writes (null until first needed, and for a
     * shared store): re-onboarding revokes the host's certificates, and finding them read every certificate Kiln
     * ever issued, for each onboarding (O(N) each, bench/fleet). Built from one full read, kept up to date by
     * {@link #add}. A shared store is read in full every time: other appliances issue certificates too.
     */
    private java.util.Map<String, java.util.Set<String>> serialsByHost;

    /**
     * Records by serial as this process last wrote or read them, for a store only this process writes: every agent
     * request checks its certificate's record (revoked?), and reading it from the store took one of the store's few
     * connections per request (bench/fleet: 36 of 64 HTTPS threads waited for one). Every change of a record goes
     * through {@link #add} or {@link #revoke}, which keep it current. Emptied when it grows past {@link #CACHED}.
     */
    private final java.util.Map<String, Stored> bySerial = new java.util.concurrent.ConcurrentHashMap<>();
    static final int CACHED = 100_000;
    /** Moved before and after each revocation's write: a record read meanwhile may be the old one, not to be kept. */
    private final java.util.concurrent.atomic.AtomicLong revocations = new java.util.concurrent.atomic.AtomicLong();

    private void cache(Stored s) {
        if (store.shared()) return;
        if (bySerial.size() >= CACHED) bySerial.clear();
        bySerial.put(s.serial(), s);
    }

    void add(Stored s) {
        store.put(KIND, s.serial(), DocumentStore.MUST_NOT_EXIST, write(s));
        cache(s);
        synchronized (this) {
            if (serialsByHost != null) serialsByHost.computeIfAbsent(s.host(), h -> new java.util.HashSet<>()).add(s.serial());
        }
    }

    /** The host's certificates as stored (with their versions), from the index on a store of this process alone. */
    private List<Document> ofHost(String host) {
        if (store.shared()) return store.list(KIND);
        java.util.Set<String> serials;
        synchronized (this) {
            if (serialsByHost == null) {
                java.util.Map<String, java.util.Set<String>> m = new java.util.HashMap<>();
                for (Document d : store.list(KIND)) m.computeIfAbsent(read(d).host(), h -> new java.util.HashSet<>()).add(d.name());
                serialsByHost = m;
            }
            serials = List.copyOf(serialsByHost.getOrDefault(host, java.util.Set.of())).stream().collect(java.util.stream.Collectors.toSet());
        }
        List<Document> out = new ArrayList<>();
        for (String serial : serials) store.get(KIND, serial).ifPresent(out::add);
        return out;
    }

    Optional<Stored> get(String serialHex) {
        Stored cached = bySerial.get(serialHex);
        if (cached != null) return Optional.of(cached);
        long before = revocations.get();
        Optional<Stored> s = store.get(KIND, serialHex).map(HostRecords::read);
        if (s.isPresent()) {
            cache(s.get());
            if (revocations.get() != before) bySerial.remove(serialHex); // it may have been revoked as it was read
        }
        return s;
    }

    /** Every issued certificate, newest first. */
    List<Stored> all() {
        List<Stored> out = new ArrayList<>();
        for (Document d : store.list(KIND)) out.add(read(d));
        out.sort(Comparator.comparing(Stored::notBefore).reversed().thenComparing(Stored::serial));
        return out;
    }

    /** Marks every unexpired, unrevoked certificate of the host revoked; returns how many. */
    int revoke(String host, String reason, Instant now) {
        int n = 0;
        for (Document d : ofHost(host)) {
            Stored s = read(d);
            if (!host.equals(s.host()) || s.revoked() != null || !now.isBefore(s.notAfter())) continue;
            // a concurrent write of the same record (another revocation) is a CONFLICT: the caller may retry
            revocations.incrementAndGet();
            bySerial.remove(d.name());
            try {
                store.put(KIND, d.name(), d.version(), write(s.revoke(now, reason)));
            } finally {
                revocations.incrementAndGet();
                bySerial.remove(d.name()); // a reader of the old record put it back meanwhile
            }
            n++;
        }
        return n;
    }

    private static String write(Stored s) {
        try {
            return JSON.writeValueAsString(s);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Stored read(Document d) {
        try {
            return JSON.readValue(d.json(), Stored.class);
        } catch (JsonProcessingException e) {
            throw new KilnException(KilnException.Kind.UNAVAILABLE, "certificate record '" + d.name() + "' in the store cannot be read: "
                    + e.getOriginalMessage(), e);
        }
    }
}
