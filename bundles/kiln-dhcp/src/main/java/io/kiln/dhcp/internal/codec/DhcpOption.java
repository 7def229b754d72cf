package io.kiln.dhcp.internal.codec;

import java.util.Map;

/**
 * DHCPv4 option codes Kiln reads or writes, with their names (RFC 2132 unless noted).
 *
 * <p>Plain {@code int} constants rather than an enum: a packet may carry any code 1..254 and unknown ones
 * must pass through untouched, so the option map is keyed by the number.
 */
public final class DhcpOption {
    public static final int PAD = 0;
    public static final int SUBNET_MASK = 1;
    public static final int ROUTER = 3;
    public static final int DNS_SERVERS = 6;
    public static final int HOSTNAME = 12;
    public static final int DOMAIN_NAME = 15;
    public static final int BROADCAST_ADDRESS = 28;
    /** Vendor-specific information; for PXE clients the sub-options of {@link PxeVendorOptions}. */
    public static final int VENDOR_SPECIFIC = 43;
    public static final int REQUESTED_IP = 50;
    public static final int LEASE_TIME = 51;
    /** Option overload: 1 = file field holds options, 2 = sname field, 3 = both. */
    public static final int OVERLOAD = 52;
    public static final int MESSAGE_TYPE = 53;
    public static final int SERVER_ID = 54;
    public static final int PARAMETER_REQUEST_LIST = 55;
    public static final int MESSAGE = 56;
    public static final int MAX_MESSAGE_SIZE = 57;
    public static final int RENEWAL_TIME = 58;
    public static final int REBINDING_TIME = 59;
    public static final int VENDOR_CLASS_ID = 60;
    public static final int CLIENT_ID = 61;
    public static final int TFTP_SERVER_NAME = 66;
    public static final int BOOTFILE_NAME = 67;
    /** User class; RFC 3004 defines a length-prefixed list, iPXE sends raw bytes (see {@link DhcpOptions#userClasses()}). */
    public static final int USER_CLASS = 77;
    /** Relay agent information (RFC 3046), echoed unchanged in replies; see {@link RelayAgentInfo}. */
    public static final int RELAY_AGENT_INFO = 82;
    /** Client system architecture (RFC 4578): a list of uint16 types, 0 = BIOS, 7 = x64 UEFI, 16 = x64 UEFI HTTP. */
    public static final int CLIENT_ARCH = 93;
    /** Client network interface identifier (RFC 4578): type, major, minor. */
    public static final int CLIENT_NDI = 94;
    /** Client machine identifier (RFC 4578): type 0 followed by a 16-byte UUID. */
    public static final int CLIENT_MACHINE_ID = 97;
    /** iPXE's encapsulated options (its feature list); present only when iPXE is the client. */
    public static final int IPXE_ENCAPSULATED = 175;
    public static final int END = 255;

    private static final Map<Integer, String> NAMES = Map.ofEntries(
            Map.entry(PAD, "pad"),
            Map.entry(SUBNET_MASK, "subnet-mask"),
            Map.entry(ROUTER, "router"),
            Map.entry(DNS_SERVERS, "dns-servers"),
            Map.entry(HOSTNAME, "hostname"),
            Map.entry(DOMAIN_NAME, "domain-name"),
            Map.entry(BROADCAST_ADDRESS, "broadcast-address"),
            Map.entry(VENDOR_SPECIFIC, "vendor-specific"),
            Map.entry(REQUESTED_IP, "requested-ip"),
            Map.entry(LEASE_TIME, "lease-time"),
            Map.entry(OVERLOAD, "overload"),
            Map.entry(MESSAGE_TYPE, "message-type"),
            Map.entry(SERVER_ID, "server-id"),
            Map.entry(PARAMETER_REQUEST_LIST, "parameter-request-list"),
            Map.entry(MESSAGE, "message"),
            Map.entry(MAX_MESSAGE_SIZE, "max-message-size"),
            Map.entry(RENEWAL_TIME, "renewal-time"),
            Map.entry(REBINDING_TIME, "rebinding-time"),
            Map.entry(VENDOR_CLASS_ID, "vendor-class-id"),
            Map.entry(CLIENT_ID, "client-id"),
            Map.entry(TFTP_SERVER_NAME, "tftp-server-name"),
            Map.entry(BOOTFILE_NAME, "bootfile-name"),
            Map.entry(USER_CLASS, "user-class"),
            Map.entry(RELAY_AGENT_INFO, "relay-agent-info"),
            Map.entry(CLIENT_ARCH, "client-arch"),
            Map.entry(CLIENT_NDI, "client-ndi"),
            Map.entry(CLIENT_MACHINE_ID, "client-machine-id"),
            Map.entry(IPXE_ENCAPSULATED, "ipxe-encapsulated"),
            Map.entry(END, "end"));

    private DhcpOption() {
    }

    /** A readable name for logs: the known name, else {@code "option-N"}. */
    public static String name(int code) {
        String n = NAMES.get(code);
        return n != null ? n : "option-" + code;
    }
}
