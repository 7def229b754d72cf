package io.kiln.spi.vendor;

/**
 * The operating system a host is being given.
 *
 * @param family  e.g. {@code ubuntu}, {@code debian}, {@code rhel}
 * @param version e.g. {@code 24.04}
 * @param kernel  kernel release if known, or null
 */
public record TargetOs(String family, String version, String kernel) {
}
