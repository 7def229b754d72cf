/** Security: who may use Kiln's REST API, decided in one place for every bundle that serves part of it. */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.1.0")
package io.kiln.api.security;
