package io.kiln.dhcp.internal;

import java.util.HashMap;
import java.util.Map;

/**
 * What unknown clients may take in full mode, so that a flood of DISCOVERs from random MACs (DHCP starvation)
 * cannot keep real machines from an address. Known hosts and reservations never come here: they are always served.
 *
 * <ul>
 * <li>One MAC: at most {@code macPerSecond} answered requests a second (a direct-mapped table of 64 Ki slots: a
 *     MAC that floods keeps its slot; a random-MAC flood can only push it out, which costs nothing).</li>
 * <li>One source (an interface, or a relay by giaddr): a bucket of {@code sourceOffers} offers refilled at
 *     {@code sourcePerSecond}; each offer takes one, and the REQUEST that takes it up gives it back. Real clients
 *     request what they are offered, so a busy network of them never runs dry; a flood that never requests does,
 *     and from then on takes {@code sourcePerSecond} offers a second, which bounds how fast offers are reused.</li>
 * <li>A MAC refused for its source's limit is remembered (MacSet); when it asks again (real clients retransmit,
 *     random-MAC floods do not) it is served from a second bucket of the same size, so real clients get through
 *     a flood on their second try.</li>
 * </ul>
 */
final class SourceLimits {
    private static final int MAC_SLOTS = 1 << 16, MAX_SOURCES = 4096;
    private final DhcpGuardConfig config;
    private final long[] macKey = new long[MAC_SLOTS];
    private final long[] macSecond = new long[MAC_SLOTS];
    private final int[] macCount = new int[MAC_SLOTS];
    private final Map<String, Bucket> fresh = new HashMap<>(), retries = new HashMap<>();
    private final MacSet refused;

    SourceLimits(DhcpGuardConfig config, long nowMillis) {
        this.config = config;
        this.refused = new MacSet(120_000, nowMillis);
    }

    /** The source a request counts against: its relay, else the interface it came in on. */
    static String source(RequestView r, Listener l) {
        return r.giaddr() != 0 ? "relay " + Ipv4.format(r.giaddr()) : "interface " + (l.iface() == null ? "*" : l.iface());
    }

    /**
     * Whether an unknown client may be offered (or freshly bound) an address now; takes its share if so.
     *
     * @return null when allowed, else why not
     */
    synchronized Refusal admit(String mac, String source, boolean relayed, long nowMillis) {
        long key = MacSet.key(mac);
        if (config.macPerSecond() > 0 && !macAllowed(key, nowMillis)) return Refusal.MAC_RATE;
        if (config.sourceOffers() == 0) return null;
        if (bucket(fresh, source, nowMillis).take(nowMillis)) return null;
        if (refused.contains(key, nowMillis) && bucket(retries, source, nowMillis).take(nowMillis)) return null;
        refused.add(key, nowMillis);
        return relayed ? Refusal.RELAY_RATE : Refusal.INTERFACE_RATE;
    }

    /** A client requested the address it was offered: its source's share comes back. */
    synchronized void requested(String source, long nowMillis) {
        if (config.sourceOffers() == 0) return;
        bucket(fresh, source, nowMillis).giveBack();
    }

    private boolean macAllowed(long key, long nowMillis) {
        int i = (int) ((key * 0x9E37_79B9_7F4A_7C15L) >>> 48) & (MAC_SLOTS - 1);
        long second = nowMillis / 1000;
        if (macKey[i] != key || macSecond[i] != second) {
            macKey[i] = key;
            macSecond[i] = second;
            macCount[i] = 0;
        }
        return ++macCount[i] <= config.macPerSecond();
    }

    private Bucket bucket(Map<String, Bucket> map, String source, long nowMillis) {
        Bucket b = map.get(source);
        if (b == null) {
            // a relayed flood may spoof many giaddrs of a served subnet: beyond MAX_SOURCES they share one bucket
            String key = map.size() < MAX_SOURCES ? source : "other sources";
            b = map.computeIfAbsent(key, k -> new Bucket(config.sourceOffers(), config.sourcePerSecond(), nowMillis));
        }
        return b;
    }

    /** A token bucket: {@code capacity} tokens, refilled at {@code perSecond}. */
    private static final class Bucket {
        private final double capacity, perMilli;
        private double tokens;
        private long at;

        Bucket(int capacity, int perSecond, long nowMillis) {
            this.capacity = capacity;
            this.perMilli = perSecond / 1000.0;
            this.tokens = capacity;
            this.at = nowMillis;
        }

        boolean take(long nowMillis) {
            if (nowMillis > at) {
                tokens = Math.min(capacity, tokens + (nowMillis - at) * perMilli);
                at = nowMillis;
            }
            if (tokens < 1) return false;
            tokens--;
            return true;
        }

        void giveBack() {
            tokens = Math.min(capacity, tokens + 1);
        }
    }
}
