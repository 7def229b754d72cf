package io.kiln.web.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Configuration of the REST API (PID io.kiln.web). */
@ObjectClassDefinition(id = "io.kiln.web", name = "Kiln REST API")
public @interface ApiConfig {

    @AttributeDefinition(description = "Client addresses allowed to use /api/v1, comma-separated CIDR blocks, or *. "
            + "Default: this machine only, because booting machines share the HTTP port; widen it after changing the "
            + "default password in etc/users.properties")
    String allowedClients() default "127.0.0.0/8,::1";

    @AttributeDefinition(description = "Live event streams (GET /api/v1/events/stream, .../hosts/NAME/events/stream) open at once, at most (1..10000); one more is a 503")
    int maxEventStreams() default 50;
}
