/**
 * Each host's timeline, its black box: every workflow step, DHCP, TFTP, HTTP, onboarding, agent and BMC event of a
 * host ({@link io.kiln.api.events.HostEvents}), kept for a configurable time and delivered to webhooks. It is the
 * first place an operator looks when a machine is stuck ({@code kiln:host-events}, {@code GET /api/v1/hosts/{name}/events}).
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.1.0")
package io.kiln.api.events;
