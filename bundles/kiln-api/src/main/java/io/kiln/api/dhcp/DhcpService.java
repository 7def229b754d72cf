package io.kiln.api.dhcp;

import java.util.List;
import org.osgi.annotation.versioning.ProviderType;

/** The running DHCP server, as operators see it. */
@ProviderType
public interface DhcpService {

    DhcpStatus status();

    /** Current leases, sorted by address. Empty in proxy mode, which never hands out addresses. */
    List<Lease> leases();
}
