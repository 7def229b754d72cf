package io.kiln.api.events;

/** Which part of Kiln saw what happened to a host. */
public enum EventSource { WORKFLOW, DHCP, TFTP, HTTP, ONBOARDING, AGENT, BMC, OPERATOR }
