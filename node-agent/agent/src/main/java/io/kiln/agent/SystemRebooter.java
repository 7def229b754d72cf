package io.kiln.agent;

import java.util.List;

/** {@code sync} then {@code reboot -f}: no init system to ask in the micro-OS, and the disks must be flushed. */
final class SystemRebooter implements Rebooter {
    @Override
    public void reboot() throws Exception {
        CommandRunner.run(List.of("sync"), 300);
        AgentLog.info("rebooting now");
        CommandRunner.run(List.of("reboot", "-f"), 60);
        Thread.sleep(30_000); // reboot -f returns before the machine goes down
    }
}
