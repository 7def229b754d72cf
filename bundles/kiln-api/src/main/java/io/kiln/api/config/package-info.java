/**
 * Reading an {@code etc/<pid>.cfg} the same way in every bundle: each value by type, and each refused value, unknown
 * key or missing directory as one operator-facing line naming the file, key, value and what is allowed, for
 * {@code kiln:status} and the log instead of an exception.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package io.kiln.api.config;
