package io.kiln.dhcp.internal.codec;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A read-only view of option 82's sub-options (RFC 3046): circuit-id and remote-id identify the switch port.
 *
 * <p>The option itself stays opaque in {@link DhcpOptions} so a reply can echo it byte for byte; this class only
 * reads it.
 */
public final class RelayAgentInfo {
    public static final int CIRCUIT_ID = 1;
    public static final int REMOTE_ID = 2;

    private final byte[] raw;
    private final Map<Integer, byte[]> subOptions;

    private RelayAgentInfo(byte[] raw, Map<Integer, byte[]> subOptions) {
        this.raw = raw;
        this.subOptions = subOptions;
    }

    /**
     * Parses the value of option 82.
     *
     * @return the sub-options, or empty when a sub-option's length runs past the end of the value
     */
    public static Optional<RelayAgentInfo> parse(byte[] value) {
        Map<Integer, byte[]> subs = new LinkedHashMap<>();
        int i = 0;
        while (i < value.length) {
            if (i + 2 > value.length) return Optional.empty();
            int code = value[i] & 0xff;
            int len = value[i + 1] & 0xff;
            if (i + 2 + len > value.length) return Optional.empty();
            // a repeated sub-option is rare and undefined; keep the first, as relays put the real one first
            subs.putIfAbsent(code, Arrays.copyOfRange(value, i + 2, i + 2 + len));
            i += 2 + len;
        }
        return Optional.of(new RelayAgentInfo(value.clone(), Collections.unmodifiableMap(subs)));
    }

    public Optional<byte[]> circuitId() {
        return subOption(CIRCUIT_ID);
    }

    public Optional<byte[]> remoteId() {
        return subOption(REMOTE_ID);
    }

    public Optional<byte[]> subOption(int code) {
        byte[] v = subOptions.get(code);
        return v == null ? Optional.empty() : Optional.of(v.clone());
    }

    /** Sub-option codes in wire order. */
    public Set<Integer> codes() {
        return subOptions.keySet();
    }

    /** The whole option value as received. */
    public byte[] raw() {
        return raw.clone();
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("RelayAgentInfo{");
        subOptions.forEach((k, v) -> sb.append(k).append('=').append(Hex.encode(v)).append(' '));
        if (!subOptions.isEmpty()) sb.setLength(sb.length() - 1);
        return sb.append('}').toString();
    }
}
