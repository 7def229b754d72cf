package io.kiln.api.tftp;

import org.osgi.annotation.versioning.ProviderType;

/** The running TFTP server, as operators see it. */
@ProviderType
public interface TftpService {

    TftpStatus status();
}
