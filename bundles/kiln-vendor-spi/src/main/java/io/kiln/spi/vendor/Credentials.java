package io.kiln.spi.vendor;

/**
 * A BMC's login, resolved by Kiln from the host's credential reference for one call. Plugins must not keep, log or
 * return it; {@link #toString()} hides the password.
 */
public record Credentials(String username, String password) {
    @Override
    public String toString() {
        return "Credentials[username=" + username + ", password=***]";
    }
}
