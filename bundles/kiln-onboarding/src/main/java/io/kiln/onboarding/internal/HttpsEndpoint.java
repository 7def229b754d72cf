package io.kiln.onboarding.internal;

import io.kiln.api.pki.Pki;
import io.kiln.api.status.Health;
import io.kiln.api.status.HealthReport;
import java.net.BindException;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.servlet.Servlet;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.servlet.ServletContextHandler;
import org.eclipse.jetty.servlet.ServletHolder;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kiln's HTTPS endpoint (port 8443 by default): its own Jetty server, with the PKI's server certificate, asking
 * every client for a certificate without requiring one (the agent API checks it, with reasons; onboarding needs
 * none). It serves whatever servlet services carry the property {@value #PREFIX} (onboarding, the agent API, the
 * artifacts). A taken port leaves it down, said in kiln:status, and it binds as soon as the port is free; a new
 * server certificate is picked up without a restart.
 */
@Component(service = {HttpsEndpoint.class, HealthReport.class}, configurationPid = HttpsSettings.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL, immediate = true)
public final class HttpsEndpoint implements HealthReport {
    /** Service property of a servlet the endpoint serves: its path prefix, e.g. {@code /agent/v1}. */
    public static final String PREFIX = "kiln.https.prefix";
    private static final Logger LOG = LoggerFactory.getLogger(HttpsEndpoint.class);
    private static final long RETRY_SECONDS = 5;

    private final Pki pki;
    private final PrefixDispatch dispatch = new PrefixDispatch();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "kiln-https");
        t.setDaemon(true);
        return t;
    });
    private volatile HttpsSettings settings;
    private volatile Health health = Health.down("not started");
    // guarded by this
    private Server server;
    private SslContextFactory.Server ssl;
    private SSLContext tls;
    private ScheduledFuture<?> watch;

    @Activate
    public HttpsEndpoint(@Reference Pki pki, Map<String, Object> properties) {
        this.pki = pki;
        this.settings = HttpsSettings.read(properties);
        start(); // at once: kiln:status then says from the start whether it serves (a taken port is retried on the timer)
    }

    @Modified
    void modified(Map<String, Object> properties) {
        HttpsSettings next = HttpsSettings.read(properties);
        HttpsSettings before = settings;
        settings = next;
        if (next.enabled() != before.enabled() || next.port() != before.port() || !next.address().equals(before.address())) {
            timer.execute(() -> {
                stop();
                start();
            });
        }
    }

    @Deactivate
    void deactivate() {
        timer.shutdownNow();
        stop();
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC, target = "(" + PREFIX + "=*)")
    void addServlet(Servlet servlet, Map<String, Object> props) {
        for (String p : prefixes(props)) dispatch.add(p, servlet);
    }

    void removeServlet(Servlet servlet, Map<String, Object> props) {
        for (String p : prefixes(props)) dispatch.remove(p, servlet);
    }

    private static String[] prefixes(Map<String, Object> props) {
        Object v = props.get(PREFIX);
        if (v instanceof String[] a) return a;
        return v == null ? new String[0] : new String[] {v.toString()};
    }

    /** The port machines are told to use (also while the endpoint is down: it comes up there). */
    public int port() {
        return settings.port();
    }

    /** Why machines cannot reach onboarding now, or null when the endpoint serves. */
    public String problem() {
        Health h = health;
        return h.state() == io.kiln.api.status.SubsystemStatus.State.UP ? null : h.reason();
    }

    @Override
    public String subsystem() {
        return "https";
    }

    @Override
    public Health health() {
        Health h = health;
        Health config = settings.problems();
        if (h.state() == io.kiln.api.status.SubsystemStatus.State.UP && config.state() != io.kiln.api.status.SubsystemStatus.State.UP) return config;
        return h;
    }

    private synchronized void start() {
        HttpsSettings s = settings;
        if (!s.enabled()) {
            health = Health.degraded("disabled (enabled = false in etc/" + HttpsSettings.PID + ".cfg): machines cannot onboard");
            return;
        }
        try {
            tls = pki.serverTlsContext();
            ssl = new SslContextFactory.Server();
            ssl.setSslContext(tls);
            ssl.setWantClientAuth(true);
            ssl.setEndpointIdentificationAlgorithm(null);
            QueuedThreadPool pool = new QueuedThreadPool(64, 4);
            pool.setName("kiln-https");
            Server srv = new Server(pool);
            HttpConfiguration hc = new HttpConfiguration();
            hc.setSecureScheme("https");
            hc.setSecurePort(s.port());
            hc.setSendServerVersion(false);
            SecureRequestCustomizer src = new SecureRequestCustomizer();
            src.setSniHostCheck(false); // machines reach Kiln by IP; the certificate lists its names and addresses anyway
            hc.addCustomizer(src);
            ServerConnector c = new ServerConnector(srv, new SslConnectionFactory(ssl, "http/1.1"), new HttpConnectionFactory(hc));
            c.setHost(s.address());
            c.setPort(s.port());
            c.setIdleTimeout(60_000);
            srv.addConnector(c);
            ServletContextHandler ctx = new ServletContextHandler(ServletContextHandler.NO_SESSIONS);
            ctx.setContextPath("/");
            ctx.addServlet(new ServletHolder("kiln-https", dispatch), "/*");
            srv.setHandler(ctx);
            srv.setStopTimeout(2000);
            server = srv; // so that a failed start is stopped (and its threads ended) below
            srv.start();
            health = Health.up();
            LOG.info("HTTPS endpoint listening on {}:{}", s.address(), s.port());
            watch = timer.scheduleWithFixedDelay(this::followCertificate, 30, 30, TimeUnit.SECONDS);
        } catch (Exception e) {
            stopQuietly();
            String why = bindProblem(e, s);
            if (!why.equals(problem())) LOG.warn("HTTPS endpoint down: {}; retrying every {} s", why, RETRY_SECONDS);
            health = Health.down(why);
            if (!timer.isShutdown()) timer.schedule(this::start, RETRY_SECONDS, TimeUnit.SECONDS);
        }
    }

    private static String bindProblem(Exception e, HttpsSettings s) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof BindException) {
                return "port " + s.port() + " on " + s.address() + " is taken or not allowed (" + t.getMessage()
                        + "); Kiln serves HTTPS as soon as it is free, or set port in etc/" + HttpsSettings.PID + ".cfg";
            }
            if (t instanceof io.kiln.api.KilnException k) return "no server certificate: " + k.getMessage();
        }
        return "could not start: " + e;
    }

    /** A new server certificate (new names, renewal) replaces the old one in place. */
    private synchronized void followCertificate() {
        if (server == null) return;
        try {
            SSLContext now = pki.serverTlsContext();
            if (now != tls) {
                ssl.reload(f -> f.setSslContext(now));
                tls = now;
                LOG.info("HTTPS endpoint: new server certificate in use");
            }
        } catch (Exception e) {
            LOG.warn("HTTPS endpoint: could not pick up the server certificate: {}", e.toString());
        }
    }

    private synchronized void stop() {
        if (watch != null) watch.cancel(false);
        watch = null;
        stopQuietly();
        health = Health.degraded("stopped");
    }

    private void stopQuietly() {
        Server s = server;
        server = null;
        if (s == null) return;
        try {
            s.stop();
        } catch (Exception e) {
            LOG.debug("HTTPS endpoint stop", e);
        }
    }
}
