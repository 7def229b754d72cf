/**
 * Kiln's own public-key infrastructure: its CA, the HTTPS server's identity, the client certificates it issues to
 * onboarded hosts (and revokes), the access tokens bound to them, and detached signatures of what Kiln serves.
 * Implemented by {@code kiln-pki}; used by onboarding, the HTTPS endpoint, boot-file serving and the shell.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package io.kiln.api.pki;
