package io.kiln.agent;

import java.io.IOException;
import java.util.Map;

/** The micro-OS run: discover, onboard, then run Kiln's actions until {@code done}. */
final class Agent {
    private final AgentSettings settings;
    private final PartitionMounter mounter;
    private final Rebooter rebooter;
    private final Sleeper sleeper;
    private volatile CertificateRenewal renewal;

    Agent(AgentSettings settings, PartitionMounter mounter, Rebooter rebooter, Sleeper sleeper) {
        this.settings = settings;
        this.mounter = mounter;
        this.rebooter = rebooter;
        this.sleeper = sleeper;
    }

    /** Returns when Kiln says {@code done}; the heartbeat goes on in the returned handle until it is closed. */
    Heartbeat run() throws InterruptedException {
        HardwareDiscovery discovery = new HardwareDiscovery(settings.root);
        Hardware hardware = discovery.discover();
        AgentLog.info("discovered " + hardware.facts().size() + " facts: uuid " + hardware.uuid() + ", serial " + hardware.serial()
                + ", NICs " + hardware.macs() + ", disks " + hardware.disks().stream().map(Disk::describe).toList());

        Lease lease = new Onboarding(settings.https, settings.caSha256, settings.enrollmentToken, sleeper, settings.clock).onboard(hardware);
        Credentials credentials = lease.credentials();
        try {
            credentials.writeTo(settings.stateDir, true);
        } catch (IOException e) {
            AgentLog.info("could not keep the credentials in " + settings.stateDir + " (" + e.getMessage() + "); they stay in memory");
        }

        KilnHttp http = new KilnHttp(credentials.sslContext(), credentials.token());
        // before each agent API request (any thread): renew certificate and token when a third of a lifetime is left
        CertificateRenewal renewal = CertificateRenewal.attach(http, lease, settings.clock,
                renewed -> renewed.writeTo(settings.stateDir, true), "in " + settings.stateDir);
        this.renewal = renewal;
        ProvisioningState state = new ProvisioningState();
        Map<String, Action> actions = Map.of(
                "image", new ImageAction(http, discovery::disks, settings.devRoot, state, settings.downloadBackoffMillis, sleeper),
                "files", new FilesAction(mounter, state, renewal::credentials),
                "script", new ScriptAction(),
                "wipe", new WipeAction(discovery::disks, settings.devRoot));
        Heartbeat heartbeat = new Heartbeat(http, credentials.agentUrl(), settings.heartbeatMillis);
        try {
            new ActionLoop(http, credentials.agentUrl(), settings, actions, rebooter, sleeper).run();
        } catch (RuntimeException | InterruptedException e) {
            heartbeat.close();
            throw e;
        }
        return heartbeat;
    }

    /** The credentials in use (renewed ones after a renewal); null before onboarding. */
    Credentials credentials() {
        CertificateRenewal r = renewal;
        return r == null ? null : r.credentials();
    }
}
