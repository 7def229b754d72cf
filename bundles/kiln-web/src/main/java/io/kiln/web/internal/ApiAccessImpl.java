package io.kiln.web.internal;

import io.kiln.api.security.ApiAccess;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.metatype.annotations.Designate;

/** The REST API's access rule (allowed client networks, then Karaf users via JAAS), as a service for every servlet. */
@Component(service = ApiAccess.class, configurationPid = "io.kiln.web")
@Designate(ocd = ApiConfig.class)
public class ApiAccessImpl implements ApiAccess {
    private final ClientFilter clients;
    private final ApiAuth auth;

    @Activate
    public ApiAccessImpl(ApiConfig config) {
        this(new ClientFilter(config.allowedClients()), new JaasApiAuth("karaf"));
    }

    ApiAccessImpl(ClientFilter clients, ApiAuth auth) {
        this.clients = clients;
        this.auth = auth;
    }

    @Override
    public Decision check(String remoteAddress, String authorization, boolean write) {
        if (!clients.allows(remoteAddress)) return Decision.CLIENT_REFUSED;
        return switch (auth.check(authorization, write)) {
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
            case FORBIDDEN -> "your role may not change state (needs admin or manager)";
        };
    }
}
