/**
 * Onboarding: how a machine running Kiln's node agent proves who it is and gets credentials
 * ({@link io.kiln.api.onboarding.Onboarding}), what its boot script tells the agent
 * ({@link io.kiln.api.onboarding.Enrollment}), the agent API it then talks to ({@link io.kiln.api.onboarding.AgentService}),
 * and the path each host took ({@link io.kiln.api.onboarding.JournalEntry}). The wire protocol is
 * {@code node-agent/PROTOCOL.md}.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.2.0")
package io.kiln.api.onboarding;
