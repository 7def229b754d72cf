package io.kiln.boot.internal;

import io.kiln.api.status.Health;
import io.kiln.api.status.HealthReport;
import java.util.Map;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What booting says of etc/io.kiln.boot.cfg in {@code kiln:status}: degraded, naming each refused value (booting
 * goes on with its default) and unknown key; each logged once, here, rather than by every component reading it.
 */
@Component(service = HealthReport.class, immediate = true, configurationPid = BootConfig.PID)
public class BootConfigReport implements HealthReport {
    private static final Logger LOG = LoggerFactory.getLogger(BootConfigReport.class);

    private final Health health;

    @Activate
    public BootConfigReport(Map<String, Object> properties) {
        BootSettings s = BootSettings.read(properties);
        for (String e : s.file().errors()) LOG.warn("{} (booting uses the default)", e);
        for (String w : s.file().warnings()) LOG.warn("{}", w);
        this.health = s.file().health();
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
