package io.kiln.web.internal;

import io.kiln.config.ConfigFile;
import io.kiln.api.security.ApiAccess;
import io.kiln.api.status.Health;
import io.kiln.api.status.HealthReport;
import java.util.Map;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The REST API's access rule (allowed client networks, then Karaf users via JAAS), as a service for every servlet.
 * A changed etc/io.kiln.web.cfg is applied in place ({@link Modified}): re-creating the component would take
 * /api/v1 (which needs it) away for a moment. A refused allowedClients falls back to this machine only, the safe
 * default, and says so in {@code kiln:status} as the REST subsystem's {@link HealthReport}.
 */
@Component(service = {ApiAccess.class, HealthReport.class}, immediate = true, configurationPid = ApiAccessImpl.PID)
@Designate(ocd = ApiConfig.class)
public class ApiAccessImpl implements ApiAccess, HealthReport {
    static final String PID = "io.kiln.web";
    static final String LOOPBACK = "127.0.0.0/8,::1";
    private static final Logger LOG = LoggerFactory.getLogger(ApiAccessImpl.class);

    /** The rule and what the file says of it, swapped together on a change. */
    private record Rule(ClientFilter clients, Health health) {
    }

    private final ApiAuth auth;
    private volatile Rule rule;

    @Activate
    public ApiAccessImpl(Map<String, Object> properties) {
        this(properties, new JaasApiAuth("karaf"));
    }

    ApiAccessImpl(Map<String, Object> properties, ApiAuth auth) {
        this.auth = auth;
        this.rule = rule(properties);
    }

    @Modified
    void modified(Map<String, Object> properties) {
        this.rule = rule(properties);
    }

    static Rule rule(Map<String, ?> properties) {
        ConfigFile cfg = ConfigFile.of(PID, properties);
        String spec = cfg.string("allowedClients", LOOPBACK);
        ClientFilter clients;
        try {
            clients = new ClientFilter(spec);
        } catch (IllegalArgumentException e) {
            clients = cfg.refuse("allowedClients", spec, "a comma-separated list of IP addresses or CIDR blocks, or * ('"
                    + e.getMessage() + "' is neither), so only this machine may use the REST API until it is fixed", new ClientFilter(LOOPBACK));
        }
        cfg.unknownKeys("maxEventStreams", "session\\..+", "login\\..+"); // EventStreams and the console sessions (Sessions) read them
        for (String p : cfg.problems()) LOG.warn("{}", p);
        LOG.info("REST API: clients allowed from {}", cfg.errors().isEmpty() ? spec : LOOPBACK);
        return new Rule(clients, cfg.health());
    }

    @Override
    public Decision check(String remoteAddress, String authorization, boolean write) {
        if (!rule.clients().allows(remoteAddress)) return Decision.CLIENT_REFUSED;
        return switch (auth.check(authorization, write)) {
            case OK -> Decision.ALLOWED;
            case UNAUTHENTICATED -> Decision.UNAUTHENTICATED;
            case FORBIDDEN -> Decision.FORBIDDEN;
        };
    }

    @Override
    public Decision checkAdmin(String remoteAddress, String authorization) {
        if (!rule.clients().allows(remoteAddress)) return Decision.CLIENT_REFUSED;
        return switch (auth.checkAdmin(authorization)) {
            case OK -> Decision.ALLOWED;
            case UNAUTHENTICATED -> Decision.UNAUTHENTICATED;
            case FORBIDDEN -> Decision.FORBIDDEN;
        };
    }

    @Override
    public String explain(Decision decision, String remoteAddress) {
        return switch (decision) {
            case ALLOWED -> "";
            case CLIENT_REFUSED -> "the REST API does not accept requests from " + remoteAddress + " (allowedClients in etc/io.kiln.web.cfg)";
            case UNAUTHENTICATED -> "authentication required (HTTP Basic, a Karaf user)";
            case FORBIDDEN -> "your role may not do this (changing state needs admin or manager; installing a plugin or a store backup or restore, admin)";
        };
    }

    @Override
    public String subsystem() {
        return "rest";
    }

    @Override
    public Health health() {
        return rule.health();
    }
}
