package io.kiln.api.rest;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * A part of the REST API under {@code /api/v1}, registered as an OSGi service with the service property
 * {@value #PATH}: the first path segments it serves (e.g. {@code kiln.api.path=inventory}). kiln-web's servlet checks
 * who may call (allowedClients, then a Karaf user: reads for viewer, writes for manager or admin) before it calls
 * {@link #handle}, writes the answer's body as JSON and turns every exception into an {@code application/problem+json}
 * answer. A resource whose backing service is missing stays registered and throws
 * {@link ApiProblem#unavailable(String, String)}, so that only its own paths answer 503.
 */
@ConsumerType
public interface ApiResource {

    /** The service property naming the first path segments a resource serves (String or String[]). */
    String PATH = "kiln.api.path";

    /**
     * Answers one call. The servlet has already checked access and read the body.
     *
     * @param request the call; {@code request.path().get(0)} is one of the resource's {@value #PATH} segments
     * @return the answer; its body is written as JSON
     * @throws ApiProblem for an HTTP-level refusal (405 with Allow, 428, 503)
     * @throws io.kiln.api.KilnException for a refusal by a service (400, 404, 409, 503 by its kind)
     */
    ApiResponse handle(ApiRequest request);
}
