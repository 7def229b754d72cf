package io.kiln.dhcp.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kiln.api.dhcp.LeaseState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LeaseStoreTest {
    @TempDir Path dir;

    static final PoolConfig POOL = new PoolConfig("lab", Ipv4.parse("10.9.0.0"), 16, Ipv4.parse("10.9.1.0"), Ipv4.parse("10.9.1.99"),
            0, List.of(), null, 3600);

    static String mac(int i) {
        return String.format("52:54:00:00:%02x:%02x", i >> 8, i & 0xff);
    }

    @Test
    void growingJournalIsCompactedInTheBackgroundWithoutLosingAChange() throws Exception {
        Path file = dir.resolve("leases.csv");
        LeaseStore store = new LeaseStore(file);
        long now = 1_000_000;
        int clients = 100, rounds = 150; // 15,000 changes: past 4 * 100 + 10,000 journal lines, so one compaction runs
        for (int round = 0; round < rounds; round++) {
            for (int i = 0; i < clients; i++) {
                LeaseEntry e = store.bind(POOL, mac(i), POOL.first() + i, 0, Set.of(), now + round, "host " + i);
                assertEquals(LeaseState.BOUND, e.state());
            }
        }
        for (int i = 0; i < 200 && store.compacting(); i++) Thread.sleep(50);
        assertFalse(store.compacting(), "compaction finished");
        long lines;
        try (var l = Files.lines(file)) {
            lines = l.count();
        }
        assertTrue(lines < 6_000, "journal was compacted, has " + lines + " lines");
        // changes made after the compaction still go to the (new) journal
        store.bind(POOL, mac(0), POOL.first(), 0, Set.of(), now + rounds, "last");
        store.close();
        assertFalse(Files.exists(dir.resolve("leases.csv.tmp")));

        LeaseStore reopened = new LeaseStore(file);
        assertEquals(clients, reopened.size());
        for (int i = 1; i < clients; i++) {
            LeaseEntry e = reopened.byIp(POOL.first() + i);
            assertEquals(mac(i), e.mac());
            assertEquals(now + rounds - 1 + 3600, e.expires(), "the last change of each lease survives");
            assertEquals("host_" + i, e.hostName());
        }
        assertEquals("last", reopened.byIp(POOL.first()).hostName());
        reopened.close();
    }

    @Test
    void closingDuringACompactionKeepsTheJournalComplete() throws Exception {
        Path file = dir.resolve("leases.csv");
        LeaseStore store = new LeaseStore(file);
        for (int round = 0; round < 110; round++) {
            for (int i = 0; i < 100; i++) store.bind(POOL, mac(i), POOL.first() + i, 0, Set.of(), 2_000_000 + round, null);
        }
        store.close(); // whether or not the compaction got to swap files, nothing is lost
        LeaseStore reopened = new LeaseStore(file);
        assertEquals(100, reopened.size());
        for (int i = 0; i < 100; i++) assertEquals(2_000_000 + 109 + 3600, reopened.byIp(POOL.first() + i).expires());
        reopened.close();
    }
}
