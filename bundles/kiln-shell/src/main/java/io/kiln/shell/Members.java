package io.kiln.shell;

import io.kiln.api.inventory.ClusterMember;
import io.kiln.api.inventory.ClusterRole;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/** Cluster members as {@code --member host[:control-plane|worker]} (worker when left out). */
final class Members {
    private Members() {
    }

    static List<ClusterMember> parse(List<String> specs) {
        List<ClusterMember> out = new ArrayList<>();
        if (specs == null) return out;
        for (String s : specs) {
            int colon = s.indexOf(':');
            String host = colon < 0 ? s : s.substring(0, colon);
            ClusterRole role = colon < 0 ? ClusterRole.WORKER : Enums.parse(ClusterRole.class, s.substring(colon + 1), "--member " + s + ": role");
            out.add(new ClusterMember(host, role));
        }
        return out;
    }

    /** "a:control-plane, b:worker". */
    static String show(List<ClusterMember> members) {
        if (members.isEmpty()) return "-";
        return members.stream().map(m -> m.host() + ":" + Enums.word(m.role())).collect(Collectors.joining(", "));
    }
}
