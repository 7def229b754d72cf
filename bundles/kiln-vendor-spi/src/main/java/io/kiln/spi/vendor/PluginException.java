package io.kiln.spi.vendor;

/**
 * A call that failed for a reason the operator should read (the BMC's own message where it gave one, e.g. Redfish's
 * {@code @Message.ExtendedInfo}).
 */
public class PluginException extends Exception {
    private static final long serialVersionUID = 1L;
    private final boolean transientFault;

    /** @param transientFault true when trying again later may work (BMC busy, connection reset) */
    public PluginException(String message, boolean transientFault, Throwable cause) {
        super(message, cause);
        this.transientFault = transientFault;
    }

    public PluginException(String message) {
        this(message, false, null);
    }

    /** Whether trying again later may work. */
    public boolean isTransient() {
        return transientFault;
    }
}
