/**
 * Network and identity value types -- MAC address, IPv4 address, network and range, SMBIOS system UUID -- each
 * parsed in exactly one place, strictly, with an operator-facing message naming the refused value. The int-based
 * static helpers ({@link io.kiln.api.net.Ipv4Address#toInt(String)}, {@link io.kiln.api.net.Ipv4Network#mask(int)})
 * allocate nothing, for the DHCP server's per-packet path.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package io.kiln.api.net;
