package io.kiln.boot.internal;

import io.kiln.api.status.Health;
import io.kiln.api.status.HealthReport;
import io.kiln.config.ConfigFile;
import java.util.Map;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * etc/io.kiln.artifacts.cfg for {@link ArtifactServlet}, applied in place on a change, and what it says of itself in
 * {@code kiln:status} (part of booting): missing directories, unknown keys.
 *
 * <p>The servlet asks this component instead of taking the configuration itself: DS changes a configured component's
 * service properties on every update, and the HTTP whiteboard then registers the servlet again, so /artifacts/ and
 * /boot/loaders/ answered 404 for that moment.
 */
@Component(service = {HealthReport.class, ArtifactConfiguration.class}, immediate = true, configurationPid = ArtifactConfig.PID)
@Designate(ocd = ArtifactConfig.class)
public class ArtifactConfiguration implements HealthReport {
    private static final Logger LOG = LoggerFactory.getLogger(ArtifactConfiguration.class);

    /** The two directories served, swapped together. */
    record Roots(ArtifactRoot artifacts, ArtifactRoot loaders) {
    }

    private static final String DEFAULT_ARTIFACTS = "${karaf.data}/kiln/artifacts";
    private volatile Roots roots;
    private volatile Health health;

    /** A missing directory is one WARN line and a degraded boot subsystem: its files are 404 until it exists. */
    @Activate
    public ArtifactConfiguration(Map<String, Object> properties) {
        modified(properties);
    }

    @Modified
    void modified(Map<String, Object> properties) {
        ConfigFile cfg = ConfigFile.of(ArtifactConfig.PID, properties);
        java.nio.file.Path byDefault = java.nio.file.Path.of(ConfigFile.expand(DEFAULT_ARTIFACTS)).toAbsolutePath().normalize();
        Object set = properties.get("artifactsDir");
        if (set == null || java.nio.file.Path.of(ConfigFile.expand(set.toString().trim())).toAbsolutePath().normalize().equals(byDefault)) {
            createDefault(byDefault);
        }
        Roots r = new Roots(new ArtifactRoot(cfg.directory("artifactsDir", DEFAULT_ARTIFACTS)),
                new ArtifactRoot(cfg.directory("loadersDir", "/usr/lib/ipxe")));
        cfg.unknownKeys();
        for (String p : cfg.problems()) LOG.warn("{} (its files are 404 until it exists)", p);
        this.roots = r;
        this.health = cfg.health();
        LOG.info("Kiln serves /artifacts/ from {} and /boot/loaders/ from {}", r.artifacts().dir(), r.loaders().dir());
    }

    /** The default artifacts directory exists from the first start (the quick start copies files into it). */
    private static void createDefault(java.nio.file.Path dir) {
        try {
            java.nio.file.Files.createDirectories(dir);
        } catch (java.io.IOException | RuntimeException e) {
            LOG.warn("cannot create the artifacts directory {}: {}", dir, e.getMessage());
        }
    }

    Roots roots() {
        return roots;
    }

    @Override
    public String subsystem() {
        return "boot";
    }

    @Override
    public Health health() {
        return health;
    }
}
