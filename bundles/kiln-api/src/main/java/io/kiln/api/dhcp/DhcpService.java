package io.kiln.api.dhcp;

import java.util.List;
import org.osgi.annotation.versioning.ProviderType;

/** The running DHCP server, as operators see it. */
@ProviderType
public interface DhcpService {

    DhcpStatus status();

    /** Current leases, sorted by address. Empty in proxy mode, which never hands out addresses. */
    List<Lease> leases();

    /**
     * The most recent requests handled, newest first (kept in memory, a bounded number).
     *
     * @param mac   only this client's (canonical MAC), or null for all
     * @param limit at most this many
     */
    List<DhcpEvent> recent(String mac, int limit);
}
