/**
 * Kiln's REST resource SPI: a bundle serves part of {@code /api/v1} by registering an {@link io.kiln.api.rest.ApiResource}
 * service; kiln-web's one servlet applies the access rule, writes JSON and maps every error to
 * {@code application/problem+json} (RFC 9457) for all of them.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package io.kiln.api.rest;
