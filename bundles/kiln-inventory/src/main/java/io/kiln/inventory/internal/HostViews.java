package io.kiln.inventory.internal;

import io.kiln.api.inventory.Host;
import io.kiln.api.inventory.HostPage;
import io.kiln.api.inventory.HostQuery;
import io.kiln.api.inventory.HostSort;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The host lists of one {@link InventoryState}, each already in one {@link HostSort} order (ties by name), with each
 * host's search text: a query walks one of them and filters, instead of sorting per call. Built once per state, on
 * its first query; after a write that changed a few hosts, from the previous state's views by moving those hosts
 * (a copy of each list, no sort).
 */
final class HostViews {
    private record Entry(Host host, String text) {
    }

    private final Map<String, Instant> updated;
    private final Map<HostSort, Entry[]> sorted = new EnumMap<>(HostSort.class);

    HostViews(Collection<Host> hosts, Map<String, Instant> updated) {
        this.updated = updated;
        Entry[] entries = new Entry[hosts.size()];
        int i = 0;
        for (Host h : hosts) entries[i++] = new Entry(h, HostQuery.searchText(h));
        for (HostSort s : HostSort.values()) {
            Entry[] copy = entries.clone();
            Arrays.sort(copy, order(s));
            sorted.put(s, copy);
        }
    }

    private HostViews(Map<String, Instant> updated) {
        this.updated = updated;
    }

    /**
     * These views with some hosts changed.
     *
     * @param changed the names of the hosts added, changed or removed
     * @param now     each changed host as it is now; absent: removed
     */
    HostViews with(Set<String> changed, Map<String, Host> now, Map<String, Instant> updatedNow) {
        HostViews next = new HostViews(updatedNow);
        List<Entry> fresh = new ArrayList<>();
        for (String name : changed) {
            Host h = now.get(name);
            if (h != null) fresh.add(new Entry(h, HostQuery.searchText(h)));
        }
        for (HostSort s : HostSort.values()) {
            Entry[] was = sorted.get(s);
            List<Entry> list = new ArrayList<>(was.length + fresh.size());
            for (Entry e : was) if (!changed.contains(e.host().name())) list.add(e);
            Comparator<Entry> order = next.order(s);
            for (Entry e : fresh) {
                int at = java.util.Collections.binarySearch(list, e, order);
                list.add(at < 0 ? -at - 1 : at, e);
            }
            next.sorted.put(s, list.toArray(Entry[]::new));
        }
        return next;
    }

    private Comparator<Entry> order(HostSort s) {
        Comparator<String> nullsFirst = Comparator.nullsFirst(Comparator.naturalOrder());
        Comparator<Entry> key = switch (s) {
            case NAME -> (a, b) -> 0;
            case STATE -> Comparator.comparing(e -> e.host().currentState());
            case SITE -> Comparator.comparing(e -> e.host().site(), nullsFirst);
            case ROLE -> Comparator.comparing(e -> e.host().role(), nullsFirst);
            case UPDATED -> Comparator.comparing(e -> updated.getOrDefault(e.host().name(), Instant.EPOCH));
        };
        return key.thenComparing(e -> e.host().name());
    }

    /** The page of hosts matching the query, walking its order (backwards for descending). */
    HostPage find(HostQuery q, Set<String> clusterMembers) {
        Entry[] order = sorted.get(q.sort());
        List<Host> page = new ArrayList<>(Math.min(q.limit(), 256));
        int total = 0;
        boolean plain = q.sites().isEmpty() && q.roles().isEmpty() && q.profiles().isEmpty() && q.clusters().isEmpty()
                && q.macs().isEmpty() && q.states().isEmpty() && q.labels().isEmpty();
        HostQuery filters = plain ? null : q.withoutText();
        for (int k = 0; k < order.length; k++) {
            Entry e = order[q.descending() ? order.length - 1 - k : k];
            // the text alone is checked on the precomputed line; the rest on the host (search text not rebuilt)
            if (q.text() != null && !e.text().contains(q.text())) continue;
            if (filters != null && !filters.matches(e.host(), clusterMembers)) continue;
            if (total >= q.offset() && page.size() < q.limit()) page.add(e.host());
            total++;
        }
        return new HostPage(total, q.offset(), q.limit(), page);
    }
}
