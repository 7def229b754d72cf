package io.kiln.plugins.internal;

import io.kiln.spi.vendor.BmcEndpoint;
import io.kiln.spi.vendor.BmcTarget;
import io.kiln.spi.vendor.Claim;
import io.kiln.spi.vendor.PowerAction;
import io.kiln.spi.vendor.PowerInterface;
import io.kiln.spi.vendor.PowerState;
import io.kiln.spi.vendor.VendorPlugin;
import java.util.List;
import io.kiln.spi.vendor.PluginException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/** A power plugin whose answers a test sets: a state, an exception, a hang, null, a claim. */
class TestPlugin implements VendorPlugin, PowerInterface {
    final String name;
    volatile Answer state = () -> PowerState.ON;
    volatile String claimsPrefix;
    volatile List<String> problems = List.of();
    final AtomicInteger calls = new AtomicInteger();
    volatile io.kiln.spi.vendor.Credentials lastCredentials;

    TestPlugin(String name, String claimsPrefix) {
        this.name = name;
        this.claimsPrefix = claimsPrefix;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Claim claim(BmcEndpoint bmc) {
        return claimsPrefix != null && bmc.address().startsWith(claimsPrefix) ? Claim.yes("address starts with " + claimsPrefix) : Claim.no("not " + claimsPrefix);
    }

    @Override
    public List<String> validate(BmcEndpoint bmc) {
        return problems;
    }

    @Override
    public PowerState powerState(BmcTarget target) throws PluginException {
        calls.incrementAndGet();
        lastCredentials = target.credentials();
        return state.get();
    }

    @Override
    public void power(BmcTarget target, PowerAction action) {
        calls.incrementAndGet();
        PowerState s = action == PowerAction.OFF || action == PowerAction.GRACEFUL_OFF ? PowerState.OFF : PowerState.ON;
        state = () -> s;
    }

    /** What powerState answers. */
    @FunctionalInterface
    interface Answer {
        PowerState get() throws PluginException;
    }

    /** Blocks until {@code release} opens, deaf to interrupts: the worst a plugin can do to its threads. */
    static PowerState hang(CountDownLatch release) {
        boolean interrupted = false;
        while (release.getCount() > 0) {
            try {
                release.await();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) Thread.currentThread().interrupt();
        return PowerState.ON;
    }
}
