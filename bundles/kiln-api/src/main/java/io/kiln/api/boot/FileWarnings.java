package io.kiln.api.boot;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * After a write: the hosts it affects whose per-host files would now fail to render.
 *
 * @param affected how many hosts the write affects
 * @param checked  how many of them were rendered (a write affecting many hosts checks the first ones only)
 * @param failing  by host name, the files that would fail
 */
public record FileWarnings(int affected, int checked, Map<String, List<FileCheck>> failing) {
    public FileWarnings {
        failing = failing == null ? Map.of() : Map.copyOf(new TreeMap<>(failing));
    }

    /** One line per failing file: "host 'x': /cloud-init/x/user-data will fail: ...". */
    public List<String> lines() {
        return failing.entrySet().stream().flatMap(e -> e.getValue().stream()
                .map(c -> "host '" + e.getKey() + "': " + c.path() + " will fail: " + c.problem())).toList();
    }
}
