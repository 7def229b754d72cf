package io.kiln.shell;

import io.kiln.api.KilnException;
import io.kiln.api.boot.BootAdvisor;
import io.kiln.api.boot.BootDecision;
import io.kiln.api.boot.BootRequest;
import io.kiln.api.boot.FileCheck;
import io.kiln.api.boot.ProvisioningFiles;
import io.kiln.api.dhcp.DhcpEvent;
import io.kiln.api.dhcp.DhcpService;
import io.kiln.api.net.MacAddress;
import java.util.List;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** kiln:boot-explain: what Kiln would answer a booting machine, and why (same code path as the DHCP server). */
@Service
@Command(scope = "kiln", name = "boot-explain", description = "Show what Kiln would answer this machine when it network-boots, and why")
public class BootExplainCommand extends KilnAction {

    // optional: the other kiln:* commands must stay available even when this service is down
    @Reference(optional = true) BootAdvisor advisor;

    @Reference(optional = true) DhcpService dhcp;

    @Reference(optional = true) ProvisioningFiles files;

    @Argument(index = 0, name = "mac", required = true, description = "the machine's MAC address")
    String mac;

    @Option(name = "--arch", aliases = "-a", description = "DHCP option 93 architecture: 0 BIOS, 7/9 EFI x64, 16 EFI HTTP, 11 arm64 (default 0)")
    Integer arch = 0;

    @Option(name = "--ipxe", description = "the machine already runs iPXE (second DHCP round)")
    boolean ipxe;

    @Option(name = "--server", description = "Kiln address the request arrives on (default: configured/first address)")
    String server;

    @Override
    protected Object run() {
        if (advisor == null) throw new KilnException(KilnException.Kind.UNAVAILABLE, "the Kiln boot policy service is not running (see log:display)", null);
        BootRequest r = BootRequest.of(MacAddress.canonical(mac), arch, ipxe, server);
        BootDecision d = advisor.decide(r);
        System.out.println("Machine:  " + r.mac() + " arch " + arch + (ipxe ? " (iPXE)" : "") + " vendor class " + r.vendorClass());
        System.out.println("Host:     " + (d.host() == null ? "unknown" : d.host()) + (d.profile() == null ? "" : ", profile " + d.profile()));
        System.out.println("Decision: " + d.action());
        if (d.answers()) {
            System.out.println("File:     " + d.bootFile());
            if (d.nextServer() != null) System.out.println("Server:   " + d.nextServer());
            if (d.vendorClass() != null) System.out.println("Option 60: " + d.vendorClass());
        }
        System.out.println("Why:");
        for (String reason : d.reasons()) System.out.println("  - " + reason);
        if (files != null && d.host() != null) {
            // what the installer will fetch, rendered now: a failure shows before the machine is powered on
            List<FileCheck> checks = files.check(d.host());
            if (!checks.isEmpty()) System.out.println("Files:");
            for (FileCheck c : checks) {
                System.out.println("  - " + c.path() + ": " + (c.ok() ? "ok (" + c.template() + ")" : "WILL FAIL: " + c.problem()));
            }
        }
        if (dhcp != null) {
            // what the server really did last time this machine asked: the proof the explanation is the decision
            for (DhcpEvent e : dhcp.recent(r.mac(), 1)) {
                System.out.println("Last seen: " + e.time() + " " + e.request() + " -> " + e.answer()
                        + (e.bootFile() == null ? "" : " file " + e.bootFile()) + " (" + e.reason() + ")");
            }
        }
        return null;
    }
}
