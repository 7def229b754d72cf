package io.kiln.boot.internal;

import io.kiln.api.status.Health;
import io.kiln.api.status.HealthReport;
import java.util.Map;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * etc/io.kiln.boot.cfg for the servlets that read it, applied in place on a change, and what booting says of it in
 * {@code kiln:status}: degraded, naming each refused value (booting goes on with its default) and unknown key; each
 * logged once, here, rather than by every component reading it.
 *
 * <p>Servlets ask this component instead of taking the configuration themselves: a whiteboard servlet whose service
 * properties change (as DS changes them on every configuration update) is unregistered and registered again by the
 * HTTP service, and /boot/ipxe answered 404 for that moment.
 */
@Component(service = {HealthReport.class, BootConfiguration.class}, immediate = true, configurationPid = BootConfig.PID)
public class BootConfiguration implements HealthReport {
    private static final Logger LOG = LoggerFactory.getLogger(BootConfiguration.class);

    private volatile BootSettings settings;
    private volatile Health health;

    @Activate
    public BootConfiguration(Map<String, Object> properties) {
        modified(properties);
    }

    @Modified
    void modified(Map<String, Object> properties) {
        BootSettings s = BootSettings.read(properties);
        for (String e : s.file().errors()) LOG.warn("{} (booting uses the default)", e);
        for (String w : s.file().warnings()) LOG.warn("{}", w);
        this.settings = s;
        this.health = s.file().health();
    }

    /** The settings now. */
    BootSettings settings() {
        return settings;
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
