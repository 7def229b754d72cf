package io.kiln.redfish.testservice;

import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A Redfish service that behaves like a server's BMC, built on one of DMTF's mockups, for tests of Redfish clients.
 *
 * <pre>{@code
 * try (RedfishTestService bmc = RedfishTestService.builder().mockup(dir).credentials("admin", "secret")
 *         .build().start()) {
 *     URI base = bmc.baseUri();  // http://127.0.0.1:PORT
 * }
 * }</pre>
 * It binds 127.0.0.1 unless told otherwise. See the module's README for the behaviours and the faults.
 */
public final class RedfishTestService implements AutoCloseable {

    /** The system property surefire sets to the mockup directory (public-rackmount1); used when none is given. */
    public static final String MOCKUP_PROPERTY = "kiln.redfish.mockup";

    private final Builder config;
    private Bmc bmc;
    private HttpServer server;
    private ExecutorService executor;
    private ScheduledExecutorService scheduler;
    private SelfSignedCertificate certificate;

    private RedfishTestService(Builder config) {
        this.config = config;
    }

    /** Returns a builder; {@link Builder#build()} then {@link #start()}. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Loads the mockup, binds 127.0.0.1 and serves.
     *
     * @return this
     * @throws UncheckedIOException when the mockup cannot be read or the port bound
     */
    public synchronized RedfishTestService start() {
        if (server != null) {
            throw new IllegalStateException("already started");
        }
        try {
            ThreadFactory threads = named("redfish-testservice-http");
            scheduler = Executors.newScheduledThreadPool(2, named("redfish-testservice-tasks"));
            bmc = new Bmc(config.mockup, config.user, config.password, config.sessionTimeout,
                    config.powerTransition, config.taskDuration, config.clock, scheduler);
            bmc.machine(config.machine);
            if (config.systemMac != null) bmc.systemMac(config.systemMac);
            InetSocketAddress address = new InetSocketAddress(config.address, config.port);
            if (config.tls) {
                certificate = SelfSignedCertificate.generate(config.address);
                HttpsServer https = HttpsServer.create(address, 64);
                https.setHttpsConfigurator(new HttpsConfigurator(certificate.context));
                server = https;
            } else {
                server = HttpServer.create(address, 64);
            }
            executor = Executors.newCachedThreadPool(threads);
            server.setExecutor(executor);
            server.createContext("/", bmc);
            server.start();
            return this;
        } catch (IOException e) {
            close();
            throw new UncheckedIOException("cannot start the Redfish test service: " + e.getMessage(), e);
        }
    }

    private static ThreadFactory named(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    private Bmc bmc() {
        if (bmc == null) {
            throw new IllegalStateException("not started");
        }
        return bmc;
    }

    /** The service's address, e.g. {@code http://127.0.0.1:41234} ({@code https} with TLS), without a path. */
    public URI baseUri() {
        bmc();
        String host = config.address.getHostAddress();
        if (host.contains(":")) {
            host = "[" + host + "]";
        }
        return URI.create((config.tls ? "https" : "http") + "://" + host + ":" + server.getAddress().getPort());
    }

    /** The port it listens on. */
    public int port() {
        bmc();
        return server.getAddress().getPort();
    }

    /** The TLS certificate (PEM) when started with {@code tls(true)}, else null. */
    public String certificatePem() {
        return certificate == null ? null : certificate.pem();
    }

    /** The SHA-256 fingerprint of the TLS certificate's DER encoding, hex lower case, no colons; null without TLS. */
    public String certificateSha256() {
        return certificate == null ? null : certificate.sha256();
    }

    /** The one system's path, {@code /redfish/v1/Systems/437XR1138R2}. */
    public String systemPath() {
        return Bmc.SYSTEM;
    }

    /** The manager's path, {@code /redfish/v1/Managers/BMC}. */
    public String managerPath() {
        return Bmc.MANAGER;
    }

    /** The system's PowerState now: "On" or "Off" (or "PoweringOn"/"PoweringOff" during a power transition). */
    public String powerState() {
        return bmc().powerState();
    }

    /** The system's Boot override now (a pending settings object is not applied before the next Reset). */
    public BootOverride bootOverride() {
        return bmc().bootOverride();
    }

    /** The image inserted in each virtual media device by its Id ("CD1", "Floppy1"); null when none is. */
    public Map<String, String> virtualMedia() {
        return bmc().virtualMedia();
    }

    /** The Version of a FirmwareInventory entry ("BIOS", "BMC", ...), or null when there is no such entry. */
    public String firmwareVersion(String id) {
        return bmc().firmwareVersion(id);
    }

    /** The images update tasks received (pulled or pushed), oldest first. */
    public List<UpdateImage> updateImages() {
        return bmc().updateImages();
    }

    /** The faults to inject and the quirks to turn on. */
    public Faults faults() {
        return bmc().faults;
    }

    /** Makes every session token invalid from now on (as a BMC reboot or an idle timeout would). */
    public void expireSessions() {
        bmc().expireSessions();
    }

    /** Every request received so far, oldest first. */
    public List<RecordedRequest> requests() {
        return bmc().requests();
    }

    /** Stops serving (open connections are closed) and stops running tasks. */
    @Override
    public synchronized void close() {
        if (server != null) {
            server.stop(0);
            server = null;
        }
        if (executor != null) {
            executor.shutdownNow();
        }
        if (scheduler != null) {
            scheduler.shutdownNow();
        }
    }

    /** Configures a {@link RedfishTestService}. */
    public static final class Builder {
        private Path mockup;
        private String user = "admin";
        private String password = "secret";
        private Duration sessionTimeout = Duration.ofMinutes(30);
        private boolean tls;
        private Duration powerTransition = Duration.ZERO;
        private Duration taskDuration = Duration.ofSeconds(1);
        private int port;
        private InetAddress address = InetAddress.getLoopbackAddress();
        private Clock clock = Clock.systemUTC();
        private Machine machine;
        private String systemMac;

        private Builder() {
        }

        /** The mockup directory (holding index.json); default: the system property {@value #MOCKUP_PROPERTY}. */
        public Builder mockup(Path dir) {
            this.mockup = Objects.requireNonNull(dir);
            return this;
        }

        /** The one account, for Basic authentication and session login (default admin / secret). */
        public Builder credentials(String user, String password) {
            this.user = Objects.requireNonNull(user);
            this.password = Objects.requireNonNull(password);
            return this;
        }

        /** How long a session may stay idle before its token is refused with 401 (default 30 minutes). */
        public Builder sessionTimeout(Duration timeout) {
            this.sessionTimeout = Objects.requireNonNull(timeout);
            return this;
        }

        /** Serve HTTPS with a self-signed certificate generated at start (default false: HTTP). */
        public Builder tls(boolean tls) {
            this.tls = tls;
            return this;
        }

        /** How long PowerState takes to follow a Reset (default 0: at once). */
        public Builder powerTransition(Duration d) {
            this.powerTransition = Objects.requireNonNull(d);
            return this;
        }

        /** How long an update task runs after it has its image (default 1 s). */
        public Builder taskDuration(Duration d) {
            this.taskDuration = Objects.requireNonNull(d);
            return this;
        }

        /** The port to bind on 127.0.0.1 (default 0: a free one). */
        public Builder port(int port) {
            this.port = port;
            return this;
        }

        /**
         * The address to bind (default 127.0.0.1), e.g. one inside a network namespace an integration test made; the
         * TLS certificate names it too.
         */
        public Builder bindAddress(InetAddress address) {
            this.address = Objects.requireNonNull(address);
            return this;
        }

        /** A machine whose power the service drives (default none: the power state is only the service's). */
        public Builder machine(Machine machine) {
            this.machine = machine;
            return this;
        }

        /** The MAC address the system's first NIC reports (default the mockup's), e.g. that of the VM behind its power. */
        public Builder systemMac(String mac) {
            this.systemMac = Objects.requireNonNull(mac);
            return this;
        }

        /** The clock sessions' idle time is measured with (default the system's); tests can pass one they move. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock);
            return this;
        }

        /** Returns the service, not yet started. */
        public RedfishTestService build() {
            if (mockup == null) {
                String p = System.getProperty(MOCKUP_PROPERTY);
                if (p == null) {
                    throw new IllegalStateException("no mockup: call mockup(Path) or set -D" + MOCKUP_PROPERTY);
                }
                mockup = Path.of(p);
            }
            return new RedfishTestService(this);
        }
    }
}
