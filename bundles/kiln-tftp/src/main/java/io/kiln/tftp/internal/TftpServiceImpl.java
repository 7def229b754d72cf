package io.kiln.tftp.internal;

import io.kiln.config.ConfigFile;
import io.kiln.api.dhcp.DhcpService;
import io.kiln.api.events.HostEvents;
import io.kiln.api.inventory.Inventory;
import io.kiln.api.status.Health;
import io.kiln.api.status.HealthReport;
import io.kiln.api.tftp.TftpService;
import io.kiln.api.tftp.TftpStatus;
import io.kiln.tftp.internal.codec.TftpOptions;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The TFTP server as a DS component, configured by PID {@code io.kiln.tftp}. There is no modified method on
 * purpose: a changed configuration makes DS deactivate and reactivate the component, which restarts the server
 * with the new settings without restarting Karaf. It never fails activation: a refused setting or a port that
 * cannot be bound is one log line, the server does not start (it never serves on settings nobody wrote), and the
 * component stays up to say why in {@code kiln:tftp-status} and, as its {@link HealthReport}, in {@code kiln:status}.
 */
@Component(service = {TftpService.class, TftpServiceImpl.class, HealthReport.class}, immediate = true,
        configurationPid = TftpServiceImpl.PID)
@Designate(ocd = TftpServiceImpl.Config.class)
public final class TftpServiceImpl implements TftpService, HealthReport {

    /** The configuration PID ({@code etc/io.kiln.tftp.cfg}). */
    public static final String PID = "io.kiln.tftp";
    static final String DEFAULT_ROOTS = "/usr/lib/ipxe,${karaf.data}/kiln/artifacts";
    /** The keys {@link #settings} reads. */
    private static final List<String> KEYS = List.of("address", "port", "roots", "timeoutSeconds", "retries", "maxBlksize");

    /** Configuration of the TFTP server, for the metatype only: {@link #settings} reads and checks it. */
    @ObjectClassDefinition(name = "Kiln TFTP server",
            description = "Read-only TFTP server for network boot (RFC 1350, 2347, 2348, 2349, 7440)")
    public @interface Config {

        @AttributeDefinition(description = "Serve TFTP at all (true or false)")
        boolean enabled() default true;

        @AttributeDefinition(description = "Local address to listen on (0.0.0.0 = all IPv4 addresses, :: = all)")
        String address() default "0.0.0.0";

        @AttributeDefinition(description = "UDP port to listen on (69; ports below 1024 need root or CAP_NET_BIND_SERVICE)")
        int port() default 69;

        @AttributeDefinition(description = "Comma-separated root directories, searched in order; ${karaf.data} is expanded")
        String roots() default DEFAULT_ROOTS;

        @AttributeDefinition(description = "Retransmission timeout in seconds when the client negotiates none (1..255)")
        int timeoutSeconds() default 2;

        @AttributeDefinition(description = "Timeouts in a row before a transfer is abandoned (0..100)")
        int retries() default 5;

        @AttributeDefinition(description = "Largest block size agreed to (8..65464); clients ask for less, e.g. 1468")
        int maxBlksize() default TftpOptions.BLKSIZE_MAX;
    }

    private static final Logger LOG = LoggerFactory.getLogger(TftpServiceImpl.class);

    private final TftpStats stats = new TftpStats();
    private final TftpServer server;
    private final InetSocketAddress bound;
    private final String state;
    private final List<String> roots;
    private final Health health;
    /*
     * Optional, each: a transfer goes into its host's timeline while kiln-events runs and the host is known by its
     * address (a static one in the inventory, or the MAC of Kiln's DHCP lease of it); see HostTransfers.
     */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    private volatile HostEvents timeline;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    private volatile DhcpService dhcp;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    private volatile Inventory inventory;

    @Activate
    public TftpServiceImpl(Map<String, Object> properties) {
        ConfigFile cfg = ConfigFile.of(PID, properties);
        boolean enabled = cfg.bool("enabled", true);
        TftpSettings settings = null;
        if (enabled) {
            settings = settings(cfg);
        } else {
            // not read, so a machine without iPXE's roots that turned TFTP off is not warned about them
            for (String key : KEYS) cfg.string(key, "");
        }
        cfg.unknownKeys();
        for (String e : cfg.errors()) LOG.error("{} (TFTP not started)", e);
        for (String w : cfg.warnings()) LOG.warn("{}", w);
        TftpServer started = null;
        InetSocketAddress address = null;
        String st;
        Health h;
        List<String> served = List.of();
        if (!cfg.errors().isEmpty()) {
            st = "error: " + String.join("; ", cfg.errors());
            h = Health.down("not serving: " + String.join("; ", cfg.problems())); // the warnings too: fix all at once
        } else if (!enabled) {
            LOG.info("TFTP server disabled (enabled = false in {})", cfg.file());
            st = "disabled";
            h = cfg.health();
            // off on purpose is not a fault, but kiln:status says so rather than a bare "up"
            if (h.state() == io.kiln.api.status.SubsystemStatus.State.UP) {
                h = new Health(io.kiln.api.status.SubsystemStatus.State.UP, "disabled (enabled = false in " + cfg.file() + ")");
            }
        } else {
            TftpServer candidate = new TftpServer(settings, stats,
                    new HostTransfers(() -> timeline, () -> dhcp, () -> inventory, java.time.Clock.systemUTC()));
            try {
                address = candidate.start();
                started = candidate;
                st = "serving";
                h = cfg.health();
                served = settings.roots().stream().map(Path::toString).toList();
                LOG.info("TFTP server listening on {}:{}, roots {}", address.getAddress().getHostAddress(),
                        address.getPort(), settings.roots());
            } catch (IOException e) {
                String why = "cannot listen on " + settings.bind().getAddress().getHostAddress() + ":" + settings.bind().getPort()
                        + ": " + e.getMessage();
                LOG.error("TFTP server {}. {}", why, hint(settings.bind().getPort(), e.getMessage()));
                st = "error: " + why;
                h = Health.down("not serving: " + why);
            }
        }
        this.server = started;
        this.bound = address;
        this.state = st;
        this.roots = served;
        this.health = h;
    }

    @Override
    public String subsystem() {
        return "tftp";
    }

    @Override
    public Health health() {
        return health;
    }

    @Override
    public TftpStatus status() {
        TftpStats.Snapshot s = stats.snapshot();
        return new TftpStatus(state, bound == null ? null : bound.getAddress().getHostAddress() + ":" + bound.getPort(), roots,
                s.requests(), s.transfersCompleted(), s.bytesSent(), s.errors(), s.malformedDropped(), s.activeTransfers());
    }

    @Deactivate
    void deactivate() {
        if (server != null) {
            server.close();
            LOG.info("TFTP server on {} stopped", bound);
        }
    }

    /** The counters, as of now. */
    public TftpStats.Snapshot stats() {
        return stats.snapshot();
    }

    /** The address the server listens on, or empty if it is disabled or could not bind. */
    public Optional<InetSocketAddress> boundAddress() {
        return Optional.ofNullable(bound);
    }

    /** Every key read and checked (refused values noted in {@code cfg}); the defaults stand in for refused ones. */
    static TftpSettings settings(ConfigFile cfg) {
        int port = cfg.integer("port", 69, 0, 65535);
        String host = cfg.string("address", "0.0.0.0");
        InetAddress address = null;
        try {
            // a literal only: a name would be looked up in DNS at every restart
            if (host.matches("[0-9a-fA-F:.]+")) address = InetAddress.getByName(host);
        } catch (UnknownHostException e) {
            // refused below
        }
        if (address == null) address = cfg.refuse("address", host, "an IP address of this machine (0.0.0.0 = all)", anyAddress());
        List<Path> roots = cfg.directories("roots", DEFAULT_ROOTS);
        if (roots.isEmpty()) roots = cfg.refuse("roots", cfg.string("roots", DEFAULT_ROOTS), "a list of directories", List.of());
        return new TftpSettings(new InetSocketAddress(address, port), roots,
                cfg.integer("timeoutSeconds", 2, TftpOptions.TIMEOUT_MIN, TftpOptions.TIMEOUT_MAX),
                cfg.integer("retries", 5, 0, 100),
                cfg.integer("maxBlksize", TftpOptions.BLKSIZE_MAX, TftpOptions.BLKSIZE_MIN, TftpOptions.BLKSIZE_MAX));
    }

    private static InetAddress anyAddress() {
        return new InetSocketAddress(0).getAddress();
    }

    private static String hint(int port, String why) {
        String fix = "Set another port (or enabled = false) in etc/" + PID + ".cfg; the server restarts by itself.";
        if (why != null && why.contains("in use")) {
            return "Another TFTP server (tftpd-hpa, atftpd, dnsmasq --enable-tftp) probably holds the port. " + fix;
        }
        if (port < 1024 && why != null && why.contains("ermission")) {
            return "Ports below 1024 need root or CAP_NET_BIND_SERVICE for the Karaf JVM. " + fix;
        }
        return fix;
    }
}
