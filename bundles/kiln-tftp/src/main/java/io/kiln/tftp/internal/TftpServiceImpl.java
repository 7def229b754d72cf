package io.kiln.tftp.internal;

import io.kiln.api.tftp.TftpService;
import io.kiln.api.tftp.TftpStatus;
import io.kiln.tftp.internal.codec.TftpOptions;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The TFTP server as a DS component, configured by PID {@code io.kiln.tftp}. There is no modified method on
 * purpose: a changed configuration makes DS deactivate and reactivate the component, which restarts the server
 * with the new settings without restarting Karaf. It never fails activation: a bad configuration or a port that
 * cannot be bound is logged as one ERROR line and the component stays up, serving nothing.
 */
@Component(service = {TftpService.class, TftpServiceImpl.class}, immediate = true, configurationPid = TftpServiceImpl.PID)
@Designate(ocd = TftpServiceImpl.Config.class)
public final class TftpServiceImpl implements TftpService {

    /** The configuration PID ({@code etc/io.kiln.tftp.cfg}). */
    public static final String PID = "io.kiln.tftp";

    /** Configuration of the TFTP server. */
    @ObjectClassDefinition(name = "Kiln TFTP server",
            description = "Read-only TFTP server for network boot (RFC 1350, 2347, 2348, 2349, 7440)")
    public @interface Config {

        @AttributeDefinition(description = "Serve TFTP at all")
        boolean enabled() default true;

        @AttributeDefinition(description = "Local address to listen on (0.0.0.0 = all IPv4 addresses, :: = all)")
        String address() default "0.0.0.0";

        @AttributeDefinition(description = "UDP port to listen on (69; ports below 1024 need root or CAP_NET_BIND_SERVICE)")
        int port() default 69;

        @AttributeDefinition(description = "Comma-separated root directories, searched in order; ${karaf.data} is expanded")
        String roots() default "/usr/lib/ipxe,${karaf.data}/kiln/artifacts";

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

    @Activate
    public TftpServiceImpl(Config config) {
        TftpServer started = null;
        InetSocketAddress address = null;
        String st = "disabled";
        List<String> served = List.of();
        if (!config.enabled()) {
            LOG.info("TFTP server disabled (enabled = false in etc/{}.cfg)", PID);
        } else {
            TftpSettings settings = null;
            try {
                settings = settings(config, System.getProperty("karaf.data", "data"));
            } catch (IllegalArgumentException e) {
                LOG.error("TFTP server not started: bad configuration in etc/{}.cfg: {}", PID, e.getMessage());
                st = "error: bad configuration: " + e.getMessage();
            }
            if (settings != null) {
                TftpServer candidate = new TftpServer(settings, stats);
                try {
                    address = candidate.start();
                    started = candidate;
                    st = "serving";
                    served = settings.roots().stream().map(Path::toString).toList();
                    LOG.info("TFTP server listening on {}:{}, roots {}", address.getAddress().getHostAddress(),
                            address.getPort(), settings.roots());
                } catch (IOException e) {
                    LOG.error("TFTP server cannot listen on {}:{}: {}. {}", config.address(), config.port(),
                            e.getMessage(), hint(config.port(), e.getMessage()));
                    st = "error: cannot listen on " + config.address() + ":" + config.port() + ": " + e.getMessage();
                }
            }
        }
        this.server = started;
        this.bound = address;
        this.state = st;
        this.roots = served;
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

    static TftpSettings settings(Config config, String karafData) {
        if (config.port() < 0 || config.port() > 65535) {
            throw new IllegalArgumentException("port = " + config.port() + ": use 1..65535");
        }
        InetAddress address;
        try {
            address = InetAddress.getByName(config.address().trim());
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("address = '" + config.address() + "': not an address of this host");
        }
        List<Path> roots = roots(config.roots(), karafData);
        if (roots.isEmpty()) throw new IllegalArgumentException("roots is empty: list at least one directory");
        return new TftpSettings(new InetSocketAddress(address, config.port()), roots, config.timeoutSeconds(),
                config.retries(), config.maxBlksize());
    }

    /** Splits the comma-separated roots, expanding {@code ${karaf.data}}; order is kept, blanks are skipped. */
    static List<Path> roots(String roots, String karafData) {
        List<Path> out = new ArrayList<>();
        for (String s : roots.split(",")) {
            String root = s.trim().replace("${karaf.data}", karafData);
            if (!root.isEmpty()) out.add(Path.of(root).toAbsolutePath().normalize());
        }
        return out;
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
