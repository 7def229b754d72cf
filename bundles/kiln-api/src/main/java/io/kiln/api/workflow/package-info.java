/**
 * The workflow engine: each host's provisioning as a persisted state machine run from a
 * {@link io.kiln.api.inventory.WorkflowTemplate} ({@link io.kiln.api.workflow.Workflows}), and what it hands to the
 * host's node agent ({@link io.kiln.api.workflow.WorkflowAgent}).
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.2.0")
package io.kiln.api.workflow;
