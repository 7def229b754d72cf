package io.kiln.pki.internal;

import io.kiln.api.status.Health;
import io.kiln.config.ConfigFile;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code etc/io.kiln.pki.cfg} as read: a refused value runs on its default and is one line in {@link #health()}.
 *
 * @param names                 every name the server certificate must carry (the machine's, then the configured
 *                              ones), normalized ({@link Names#normalize}), without duplicates
 * @param hostCertificateDays   validity of host client certificates
 * @param tokenHours            validity of access tokens
 * @param serverCertificateDays validity of the server certificate
 * @param directory             where the keys and certificates live
 * @param health                up, or degraded naming each refused value and unknown key
 */
record PkiSettings(List<String> names, int hostCertificateDays, int tokenHours, int serverCertificateDays, Path directory,
                   Health health) {

    static final String DEFAULT_DIRECTORY = "${karaf.data}/kiln/pki";

    PkiSettings {
        names = List.copyOf(names);
    }

    /** @param machineNames the machine's own names and addresses, always carried by the server certificate */
    static PkiSettings read(Map<String, ?> properties, List<String> machineNames) {
        ConfigFile cfg = ConfigFile.of(PkiConfig.PID, properties);
        Set<String> names = new LinkedHashSet<>();
        for (String n : machineNames) {
            String norm = Names.normalize(n);
            if (norm != null) names.add(norm);
        }
        for (String n : cfg.string("names", "").split(",")) {
            if (n.isBlank()) continue;
            String norm = Names.normalize(n.trim());
            if (norm == null) cfg.refuse("names", n.trim(), "a DNS name or an IP address (left out of the server certificate)", null);
            else names.add(norm);
        }
        int hostDays = cfg.integer("hostCertificateDays", 7, 1, 397);
        int tokenHours = cfg.integer("tokenHours", 24, 1, 8760);
        // at least 31: a certificate is re-issued 30 days before it expires
        int serverDays = cfg.integer("serverCertificateDays", 397, 31, 3650);
        String dir = cfg.string("directory", DEFAULT_DIRECTORY);
        if (dir.isEmpty()) dir = cfg.refuse("directory", dir, "a directory", DEFAULT_DIRECTORY);
        Path directory = Path.of(ConfigFile.expand(dir)).toAbsolutePath().normalize();
        cfg.unknownKeys();
        return new PkiSettings(new ArrayList<>(names), hostDays, tokenHours, serverDays, directory, cfg.health());
    }
}
