package io.kiln.dhcp.internal;

import io.kiln.api.dhcp.LeaseState;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Address allocation and the lease journal (full mode).
 *
 * <p>Every change is appended to the journal and flushed to the operating system before the reply that depends
 * on it is sent (as Kea's memfile does), so a restart of Kiln keeps every lease; replaying the journal (last line
 * per address wins) rebuilds the table, and it is compacted on start and when it grows. One address maps to one
 * entry, so it can never be handed to two clients while its lease is active.
 */
final class LeaseStore implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LeaseStore.class);

    private final Path file;
    private final Map<Integer, LeaseEntry> byIp = new HashMap<>();
    private final Map<String, Integer> byPoolMac = new HashMap<>();
    private final Map<String, Integer> cursor = new HashMap<>();
    private BufferedWriter journal;
    private long journalLines;

    LeaseStore(Path file) {
        this.file = file;
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            load();
            compact();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open lease journal " + file + ": " + e.getMessage(), e);
        }
    }

    private void load() throws IOException {
        if (!Files.exists(file)) return;
        int bad = 0;
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            if (line.isBlank() || line.startsWith("#")) continue;
            try {
                put(LeaseEntry.parse(line));
            } catch (RuntimeException e) {
                bad++; // a torn last line after a power cut must not cost the other leases
            }
        }
        if (bad > 0) LOG.warn("lease journal {}: skipped {} unreadable line(s)", file, bad);
        LOG.info("lease journal {}: {} leases restored", file, byIp.size());
    }

    private void put(LeaseEntry e) {
        LeaseEntry old = byIp.put(e.ip(), e);
        if (old != null && !old.mac().equals(e.mac())) byPoolMac.remove(old.pool() + '|' + old.mac(), old.ip());
        byPoolMac.put(e.pool() + '|' + e.mac(), e.ip());
    }

    /** Rewrites the journal with one line per address (write temp, fsync, rename). */
    private void compact() throws IOException {
        if (journal != null) journal.close();
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        List<String> lines = new ArrayList<>();
        lines.add("# Kiln DHCP lease journal: ip,mac,state,start,expires,pool,host (last line per ip wins)");
        for (LeaseEntry e : byIp.values()) lines.add(e.toLine());
        Files.write(tmp, lines, StandardCharsets.UTF_8);
        try (var ch = java.nio.channels.FileChannel.open(tmp, StandardOpenOption.WRITE)) {
            ch.force(true);
        }
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        journal = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        journalLines = byIp.size();
    }

    private void record(LeaseEntry e) {
        put(e);
        try {
            journal.write(e.toLine());
            journal.write('\n');
            journal.flush();
            if (++journalLines > 4L * byIp.size() + 10_000) compact();
        } catch (IOException ex) {
            throw new UncheckedIOException("cannot write lease journal " + file + ": " + ex.getMessage(), ex);
        }
    }

    /**
     * Picks and holds an address for a DISCOVER.
     *
     * @param reserved  this client's static reservation, or 0
     * @param requested option 50, or 0
     * @param others    addresses reserved for other hosts (never handed out dynamically)
     * @return the held entry, or null when the pool is exhausted or the reservation is held by someone else
     */
    synchronized LeaseEntry offer(PoolConfig pool, String mac, int reserved, int requested, Set<Integer> others, long now,
                                  int holdSeconds, String hostName) {
        int ip = 0;
        if (reserved != 0) {
            if (!freeFor(reserved, mac, now)) {
                LOG.warn("reserved address {} of {} is leased to {}: not offering it twice", Ipv4.format(reserved), mac, byIp.get(reserved).mac());
                return null;
            }
            ip = reserved;
        }
        if (ip == 0) {
            Integer mine = byPoolMac.get(pool.name() + '|' + mac);
            if (mine != null && byIp.get(mine).state() != LeaseState.DECLINED && !others.contains(mine) && freeFor(mine, mac, now)) ip = mine;
        }
        if (ip == 0 && requested != 0 && pool.inRange(requested) && !others.contains(requested) && freeFor(requested, mac, now)) ip = requested;
        if (ip == 0) ip = scan(pool, mac, others, now);
        if (ip == 0) return null;
        LeaseEntry e = new LeaseEntry(ip, mac, LeaseState.OFFERED, now, now + holdSeconds, pool.name(), hostName);
        record(e);
        return e;
    }

    private boolean freeFor(int ip, String mac, long now) {
        LeaseEntry e = byIp.get(ip);
        return e == null || e.mac().equals(mac) && e.state() != LeaseState.DECLINED || !e.activeAt(now);
    }

    /** Never-used addresses first (cursor, amortised O(1)), then lapsed ones. */
    private int scan(PoolConfig pool, String mac, Set<Integer> others, long now) {
        int size = pool.size();
        int start = cursor.getOrDefault(pool.name(), 0);
        for (int i = 0; i < size; i++) {
            int off = (start + i) % size;
            int ip = pool.first() + off;
            if (!byIp.containsKey(ip) && !others.contains(ip)) {
                cursor.put(pool.name(), (off + 1) % size);
                return ip;
            }
        }
        for (int i = 0; i < size; i++) {
            int ip = pool.first() + i;
            if (!others.contains(ip) && freeFor(ip, mac, now)) return ip;
        }
        return 0;
    }

    /** REQUEST: binds the address if this client holds it (or it is free and in its pool); else null (NAK). */
    synchronized LeaseEntry bind(PoolConfig pool, String mac, int ip, int reserved, Set<Integer> others, long now, String hostName) {
        boolean ok = ip == reserved || pool.inRange(ip) && !others.contains(ip);
        if (!ok || !freeFor(ip, mac, now)) return null;
        LeaseEntry old = byIp.get(ip);
        if (old != null && old.mac().equals(mac) && old.state() == LeaseState.DECLINED) return null;
        LeaseEntry e = new LeaseEntry(ip, mac, LeaseState.BOUND, now, now + pool.leaseSeconds(), pool.name(), hostName);
        record(e);
        return e;
    }

    /** RELEASE / DECLINE / a REQUEST that chose another server: only the owner can change its lease. */
    synchronized boolean end(String mac, int ip, LeaseState state, long now, long holdUntil) {
        LeaseEntry e = byIp.get(ip);
        if (e == null || !e.mac().equals(mac)) return false;
        record(new LeaseEntry(ip, mac, state, now, state == LeaseState.DECLINED ? holdUntil : now, e.pool(), e.hostName()));
        return true;
    }

    synchronized LeaseEntry byIp(int ip) {
        return byIp.get(ip);
    }

    synchronized List<LeaseEntry> all() {
        return List.copyOf(byIp.values());
    }

    synchronized int size() {
        return byIp.size();
    }


    @Override
    public synchronized void close() {
        try {
            if (journal != null) journal.close();
        } catch (IOException e) {
            LOG.warn("closing lease journal {}: {}", file, e.getMessage());
        }
    }
}
