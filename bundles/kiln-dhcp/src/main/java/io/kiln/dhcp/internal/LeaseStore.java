package io.kiln.dhcp.internal;

import io.kiln.api.dhcp.LeaseState;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
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
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Address allocation and the lease journal (full mode).
 *
 * <p>Every change is written to the journal (handed to the operating system) before the reply that depends on it
 * is decided, so a restart of Kiln keeps every lease; with durable leases (the default) an ACK also waits for
 * {@link #sync()} to put its line on disk ({@link GroupCommit}), so a power cut keeps every acknowledged lease too.
 * Replaying the journal (last line per address wins) rebuilds the table, and it is compacted on start and when it
 * grows. One address maps to one entry, so it can never be handed to two clients while its lease is active.
 *
 * <p>Compaction while serving runs on a background thread (as Kea's lease file cleanup runs apart from its server):
 * writing and fsyncing a snapshot of tens of thousands of leases takes tens of milliseconds, which on the DHCP event
 * loop would stall every request behind it. The snapshot is taken under the lock; changes made while it is written
 * keep going to the old journal and are also kept in memory, appended to the new file before it replaces the old
 * one, under the lock again. Until that rename the old journal is complete, so a crash at any point loses nothing.
 */
final class LeaseStore implements AutoCloseable, GroupCommit.Journal {
    private static final Logger LOG = LoggerFactory.getLogger(LeaseStore.class);

    private final Path file;
    private final Map<Integer, LeaseEntry> byIp = new HashMap<>();
    private final Map<String, Integer> byPoolMac = new HashMap<>();
    private final Map<String, Integer> cursor = new HashMap<>();
    private FileChannel journal;
    private long journalLines;
    /** Lines written since start (a sequence number for {@link GroupCommit}) and how many of them are on disk. */
    private long written, synced;
    /** Why the last journal write failed, or null once one succeeds again (for kiln:status). */
    private volatile String writeFailure;
    /** Lines journalled since the snapshot of a background compaction in progress; null when none runs. */
    private List<String> sinceSnapshot;
    private boolean closed;
    private long offersReused;
    private final ExecutorService compactor = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "kiln-dhcp-lease-compaction");
        t.setDaemon(true);
        return t;
    });

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

    /** Rewrites the journal with one line per address (write temp, fsync, rename); on start only. */
    private void compact() throws IOException {
        if (journal != null) journal.close();
        Snapshot snapshot = writeSnapshot(List.copyOf(byIp.values()));
        try {
            replaceJournalWith(snapshot.tmp());
        } catch (IOException e) {
            snapshot.out().close();
            throw e;
        }
        journal = snapshot.out(); // the open file is now the journal (a rename keeps it open)
        journalLines = byIp.size();
    }

    private record Snapshot(Path tmp, FileChannel out) {
    }

    /** Renames a synced snapshot over the journal and syncs the directory, so the rename survives a power cut too. */
    private void replaceJournalWith(Path tmp) throws IOException {
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        try (FileChannel dir = FileChannel.open(file.toAbsolutePath().getParent(), StandardOpenOption.READ)) {
            dir.force(true);
        }
    }

    private static void append(FileChannel out, String text) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
        while (b.hasRemaining()) out.write(b);
    }

    /** Writes the header and {@code entries} to the temp file and fsyncs it; the returned writer is still open. */
    private Snapshot writeSnapshot(List<LeaseEntry> entries) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        FileChannel out = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
        try {
            StringBuilder chunk = new StringBuilder("# Kiln DHCP lease journal: ip,mac,state,start,expires,pool,host (last line per ip wins)\n");
            for (LeaseEntry e : entries) {
                chunk.append(e.toLine()).append('\n');
                if (chunk.length() > 60_000) {
                    append(out, chunk.toString());
                    chunk.setLength(0);
                }
            }
            append(out, chunk.toString());
            out.force(true);
        } catch (IOException | RuntimeException e) {
            out.close();
            Files.deleteIfExists(tmp);
            throw e;
        }
        return new Snapshot(tmp, out);
    }

    /** Journals then applies a change: a change that cannot be written is not made (and its reply not sent). */
    private void record(LeaseEntry e) {
        String line = e.toLine();
        try {
            append(journal, line + '\n');
            written++;
            writeFailure = null;
        } catch (IOException ex) {
            writeFailure = "lease journal " + file + " cannot be written: " + ex.getMessage();
            throw new UncheckedIOException("cannot write lease journal " + file + ": " + ex.getMessage(), ex);
        }
        put(e);
        if (sinceSnapshot != null) {
            sinceSnapshot.add(line);
        } else if (++journalLines > 4L * byIp.size() + 10_000 && !closed) {
            compactInBackground();
        }
    }

    /** Called with the lock held: snapshot now, write it on the compaction thread, swap files under the lock. */
    private void compactInBackground() {
        List<LeaseEntry> snapshot = List.copyOf(byIp.values());
        sinceSnapshot = new ArrayList<>();
        compactor.execute(() -> {
            Snapshot snap = null;
            try {
                snap = writeSnapshot(snapshot);
                synchronized (this) {
                    if (closed) {
                        snap.out().close();
                        Files.deleteIfExists(snap.tmp());
                        return;
                    }
                    StringBuilder lines = new StringBuilder();
                    for (String line : sinceSnapshot) lines.append(line).append('\n');
                    append(snap.out(), lines.toString());
                    snap.out().force(false); // the lines since the snapshot are durable in the new file before it replaces the old
                    replaceJournalWith(snap.tmp());
                    synced = this.written;
                    FileChannel old = journal;
                    journal = snap.out(); // the open file is now the journal (a rename keeps it open)
                    journalLines = snapshot.size() + sinceSnapshot.size();
                    sinceSnapshot = null;
                    snap = null;
                    closeQuietly(old);
                }
            } catch (IOException | RuntimeException ex) {
                LOG.warn("compacting lease journal {} failed (the journal stays as it was): {}", file, ex.toString());
                synchronized (this) {
                    sinceSnapshot = null;
                    journalLines = 0; // try again after as many lines as a fresh journal
                }
                if (snap != null) {
                    try {
                        snap.out().close();
                        Files.deleteIfExists(snap.tmp());
                    } catch (IOException ignored) {
                        // best effort: the next compaction overwrites the temp file
                    }
                }
            }
        });
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
        return offer(pool, mac, reserved, requested, others, now, holdSeconds, hostName, true);
    }

    /** @param reuseOffers whether an offer nobody requested may go to this client when nothing is free (see scan) */
    synchronized LeaseEntry offer(PoolConfig pool, String mac, int reserved, int requested, Set<Integer> others, long now,
                                  int holdSeconds, String hostName, boolean reuseOffers) {
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
        if (ip == 0) ip = scan(pool, mac, others, now, reuseOffers);
        if (ip == 0) return null;
        LeaseEntry e = new LeaseEntry(ip, mac, LeaseState.OFFERED, now, now + holdSeconds, pool.name(), hostName);
        // held in memory only: an offer promises nothing (a client whose offer a restart forgot gets a NAK and starts
        // over, as RFC 2131 has it), so it costs no journal write; a bound lease is journalled before its ACK
        put(e);
        return e;
    }

    private boolean freeFor(int ip, String mac, long now) {
        LeaseEntry e = byIp.get(ip);
        return e == null || e.mac().equals(mac) && e.state() != LeaseState.DECLINED || !e.activeAt(now);
    }

    /**
     * Never-used addresses first (cursor, amortised O(1)), then lapsed ones, then the oldest offer nobody requested:
     * RFC 2131 (4.3.1) leaves holding an offered address to the server, and a flood of DISCOVERs from random MACs
     * must not lock the pool for offerSeconds (its REQUEST, should it come, gets a NAK and the client starts over).
     */
    private int scan(PoolConfig pool, String mac, Set<Integer> others, long now, boolean reuseOffers) {
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
        LeaseEntry oldestOffer = null;
        for (int i = 0; i < size; i++) {
            int ip = pool.first() + i;
            if (others.contains(ip)) continue;
            if (freeFor(ip, mac, now)) return ip;
            LeaseEntry e = byIp.get(ip);
            if (e.state() == LeaseState.OFFERED && (oldestOffer == null || e.start() < oldestOffer.start())) oldestOffer = e;
        }
        if (oldestOffer == null || !reuseOffers) return 0;
        offersReused++;
        return oldestOffer.ip();
    }

    /** Offers handed to another client before they were requested (the pool had no free address). */
    synchronized long offersReused() {
        return offersReused;
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

    /** Runs {@code task} on the store's background thread (the one compactions run on), not the caller's. */
    void inBackground(Runnable task) {
        compactor.execute(task);
    }

    synchronized List<LeaseEntry> all() {
        return List.copyOf(byIp.values());
    }

    synchronized int size() {
        return byIp.size();
    }

    /** Whether a background compaction is writing its snapshot (for tests). */
    synchronized boolean compacting() {
        return sinceSnapshot != null;
    }


    String writeFailure() {
        return writeFailure;
    }

    @Override
    public synchronized long written() {
        return written;
    }

    /**
     * Forces the journal to disk, outside the lock so the DHCP threads keep writing meanwhile.
     *
     * @return the sequence number of the last line on disk now
     */
    @Override
    public long sync() throws IOException {
        FileChannel ch;
        long upTo;
        synchronized (this) {
            if (closed) throw new ClosedChannelException();
            ch = journal;
            upTo = written;
        }
        try {
            ch.force(false);
        } catch (ClosedChannelException e) {
            // a background compaction replaced the journal meanwhile: it synced every line up to the swap
            synchronized (this) {
                if (closed) throw e;
                if (synced < upTo) throw e;
            }
        }
        synchronized (this) {
            synced = Math.max(synced, upTo);
        }
        return upTo;
    }

    private void closeQuietly(FileChannel w) {
        try {
            w.close();
        } catch (IOException e) {
            LOG.warn("closing the old lease journal {}: {}", file, e.getMessage());
        }
    }

    /** Closes the journal; waits (bounded) for a background compaction, which then leaves the journal as it is. */
    @Override
    public void close() {
        synchronized (this) {
            closed = true;
            try {
                if (journal != null) {
                    journal.force(false); // a clean stop leaves every lease on disk, durable mode or not
                    journal.close();
                }
            } catch (IOException e) {
                LOG.warn("closing lease journal {}: {}", file, e.getMessage());
            }
        }
        compactor.shutdown();
        try {
            if (!compactor.awaitTermination(30, TimeUnit.SECONDS)) LOG.warn("lease journal {}: compaction still running at close", file);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
