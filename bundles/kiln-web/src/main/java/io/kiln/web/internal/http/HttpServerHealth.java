package io.kiln.web.internal.http;

import io.kiln.api.status.Health;
import io.kiln.api.status.HealthReport;
import io.kiln.api.status.SubsystemStatus;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Dictionary;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Subsystem {@code http} in {@code kiln:status}: whether pax-web's HTTP server (REST, {@code /health}, HTTP boot)
 * serves and, when another process holds its port, which port and what to change; and the retry pax-web lacks: once
 * the port is free, pax-web's server bundle is restarted (transiently), which makes pax-web build and bind a new
 * Jetty with the whiteboard's servlets, as when it first started. Kiln itself is not restarted.
 */
@Component(service = HealthReport.class, immediate = true)
public class HttpServerHealth implements HealthReport {
    private static final Logger LOG = LoggerFactory.getLogger(HttpServerHealth.class);
    // looked up by name: kiln-web need not import pax-web's packages (and so is not refreshed with them)
    /** Registered by pax-web only while its server runs. */
    static final String RUNTIME = "org.osgi.service.http.runtime.HttpServiceRuntime";
    /** Registered by pax-web's Jetty bundle; pax-web builds a new server each time it appears. */
    static final String SERVER_FACTORY = "org.ops4j.pax.web.service.spi.ServerControllerFactory";

    private final BundleContext context;
    private final ConfigurationAdmin configs;
    private final HttpBindWatch watch = new HttpBindWatch(new SocketPortProbe());
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "kiln-http-watch");
        t.setDaemon(true);
        return t;
    });
    private volatile Health health = Health.down("the HTTP server is starting");
    /** What the last look failed with, or null; only the timer's thread uses it. */
    private String lastFailure;

    @Activate
    public HttpServerHealth(BundleContext context, @Reference ConfigurationAdmin configs) {
        this.context = context;
        this.configs = configs;
        timer.execute(this::look);
    }

    @Deactivate
    void deactivate() {
        timer.shutdownNow();
    }

    @Override
    public String subsystem() {
        return "http";
    }

    /** The last look, except that serving is checked now (a registry look-up): never down while pax-web serves. */
    @Override
    public Health health() {
        Health last = health;
        if (serving()) return Health.up();
        return last.state() == SubsystemStatus.State.UP ? Health.down("the HTTP server stopped serving; checking why") : last;
    }

    private void look() {
        Duration next = HttpBindWatch.WHILE_UP;
        try {
            Bundle server = serverBundle();
            HttpBindWatch.Step step = watch.look(Instant.now(), serving(), server != null, endpoints());
            health = step.health();
            if (step.warn() != null) LOG.warn(step.warn());
            if (step.info() != null) LOG.info(step.info());
            if (step.restartServer()) restart(server);
            next = step.next();
            lastFailure = null;
        } catch (RuntimeException e) { // one bad look must not end the watch; the same failure is logged once
            if (!e.toString().equals(lastFailure)) LOG.warn("HTTP server watch: {}", e.toString());
            lastFailure = e.toString();
        }
        try {
            timer.schedule(this::look, next.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException stopped) {
            // deactivated: nothing more to watch
        }
    }

    private boolean serving() {
        try {
            return context.getAllServiceReferences(RUNTIME, null) != null;
        } catch (InvalidSyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private Bundle serverBundle() {
        try {
            ServiceReference<?>[] refs = context.getAllServiceReferences(SERVER_FACTORY, null);
            return refs == null ? null : refs[0].getBundle();
        } catch (InvalidSyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** pax-web's configuration as Config Admin holds it (listed, never got: getting would bind it to kiln-web). */
    private List<HttpEndpoint> endpoints() {
        Map<String, Object> m = new HashMap<>();
        try {
            Configuration[] found = configs.listConfigurations("(service.pid=" + HttpEndpoint.PID + ")");
            Dictionary<String, Object> p = found == null || found.length == 0 ? null : found[0].getProperties();
            if (p != null) {
                for (Enumeration<String> keys = p.keys(); keys.hasMoreElements(); ) {
                    String k = keys.nextElement();
                    m.put(k, p.get(k));
                }
            }
        } catch (IOException | InvalidSyntaxException e) {
            throw new IllegalStateException("cannot read " + HttpEndpoint.FILE + ": " + e.getMessage(), e);
        }
        return HttpEndpoint.configured(m);
    }

    /** Stops and starts the bundle transiently: its persisted state (started) stays as the features installed it. */
    private static void restart(Bundle server) {
        try {
            try {
                server.stop(Bundle.STOP_TRANSIENT);
            } finally {
                server.start(Bundle.START_TRANSIENT);
            }
        } catch (BundleException | RuntimeException e) {
            LOG.warn("HTTP server watch: could not restart {}: {}", server.getSymbolicName(), e.getMessage());
        }
    }
}
