package io.kiln.dhcp.internal;

import java.util.Arrays;

/**
 * MACs seen lately, as 48-bit numbers in two fixed open-addressing tables (the current one and the one before):
 * bounded memory (2 x 1 MiB) however many random MACs a flood brings, and nothing allocated per packet. A table is
 * retired when it is half full or {@code maxAgeMillis} old, so a MAC is remembered for at least that long unless
 * more than {@code 64 Ki} new ones come in between.
 */
final class MacSet {
    private static final int SLOTS = 1 << 17, MAX_FILL = SLOTS / 2;
    private final long maxAgeMillis;
    private long[] current = new long[SLOTS], previous = new long[SLOTS];
    private int fill;
    private long since;

    MacSet(long maxAgeMillis, long nowMillis) {
        this.maxAgeMillis = maxAgeMillis;
        this.since = nowMillis;
    }

    /** A MAC as a table key: its 48 bits plus one (0 marks an empty slot). */
    static long key(String mac) {
        long v = 0;
        for (int i = 0; i < mac.length(); i++) {
            int d = Character.digit(mac.charAt(i), 16);
            if (d >= 0) v = v << 4 | d;
        }
        return (v & 0xFFFF_FFFF_FFFFL) + 1;
    }

    synchronized void add(long key, long nowMillis) {
        rotate(nowMillis, false);
        if (insert(current, key) && ++fill >= MAX_FILL) rotate(nowMillis, true);
    }

    synchronized boolean contains(long key, long nowMillis) {
        rotate(nowMillis, false);
        return find(current, key) || find(previous, key);
    }

    private void rotate(long nowMillis, boolean full) {
        if (!full && nowMillis - since < maxAgeMillis) return;
        long[] t = previous;
        previous = current;
        Arrays.fill(t, 0);
        current = t;
        if (!full && nowMillis - since >= 2 * maxAgeMillis) Arrays.fill(previous, 0); // both are older than that
        fill = 0;
        since = nowMillis;
    }

    /** @return whether the key was new */
    private static boolean insert(long[] table, long key) {
        for (int i = slot(key); ; i = (i + 1) & (SLOTS - 1)) {
            if (table[i] == key) return false;
            if (table[i] == 0) {
                table[i] = key;
                return true;
            }
        }
    }

    private static boolean find(long[] table, long key) {
        for (int i = slot(key); ; i = (i + 1) & (SLOTS - 1)) {
            if (table[i] == key) return true;
            if (table[i] == 0) return false;
        }
    }

    private static int slot(long key) {
        long h = key * 0x9E37_79B9_7F4A_7C15L;
        return (int) (h >>> 47) & (SLOTS - 1);
    }
}
