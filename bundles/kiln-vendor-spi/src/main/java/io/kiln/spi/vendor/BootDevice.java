package io.kiln.spi.vendor;

/** Where a server boots from. */
public enum BootDevice { PXE, UEFI_HTTP, CD, DISK }
