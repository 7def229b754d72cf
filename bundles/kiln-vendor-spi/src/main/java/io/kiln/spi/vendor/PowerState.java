package io.kiln.spi.vendor;

/** A server's power as its BMC reports it. */
public enum PowerState { ON, OFF, POWERING_ON, POWERING_OFF, UNKNOWN }
