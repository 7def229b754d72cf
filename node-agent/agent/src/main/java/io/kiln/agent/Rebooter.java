package io.kiln.agent;

/** Rebooting the machine (an interface so tests see it was asked instead of rebooting the build machine). */
interface Rebooter {
    /** Returns only if the reboot could not be started. */
    void reboot() throws Exception;
}
