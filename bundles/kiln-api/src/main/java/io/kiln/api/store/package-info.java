/**
 * Persistence for Kiln's internal model: versioned JSON documents by (kind, name), with optimistic concurrency,
 * atomic batches and unique secondary keys. Services such as the inventory use it; operators never see it directly.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("2.0.0")
package io.kiln.api.store;
