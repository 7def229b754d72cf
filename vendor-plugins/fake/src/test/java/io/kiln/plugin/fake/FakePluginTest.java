package io.kiln.plugin.fake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kiln.spi.vendor.BmcEndpoint;
import io.kiln.spi.vendor.BmcTarget;
import io.kiln.spi.vendor.BootDevice;
import io.kiln.spi.vendor.BootTarget;
import io.kiln.spi.vendor.FirmwareComponent;
import io.kiln.spi.vendor.PluginException;
import io.kiln.spi.vendor.PowerAction;
import io.kiln.spi.vendor.PowerState;
import io.kiln.spi.vendor.UpdateProgress;
import java.net.URI;
import org.junit.jupiter.api.Test;

class FakePluginTest {
    final FakePlugin fake = new FakePlugin();
    final BmcTarget n1 = target("fake://rack1/node1");
    final BmcTarget n2 = target("fake://rack1/node2");

    static BmcTarget target(String address) {
        return new BmcTarget(new BmcEndpoint("h", address, null, null, null), null);
    }

    @Test
    void claimsFakeAddressesOnly() {
        assertTrue(fake.claim(n1.endpoint()).serves());
        assertFalse(fake.claim(target("https://10.0.0.1").endpoint()).serves());
        assertEquals(1, fake.validate(target("fake://").endpoint()).size());
        assertTrue(fake.validate(n1.endpoint()).isEmpty());
    }

    @Test
    void powerFollowsActionsPerBmc() throws Exception {
        assertEquals(PowerState.OFF, fake.powerState(n1));
        fake.power(n1, PowerAction.ON);
        assertEquals(PowerState.ON, fake.powerState(n1));
        assertEquals(PowerState.OFF, fake.powerState(n2), "each address is its own BMC");
        fake.power(n1, PowerAction.GRACEFUL_OFF);
        assertEquals(PowerState.OFF, fake.powerState(n1));
        fake.power(n1, PowerAction.CYCLE);
        assertEquals(PowerState.ON, fake.powerState(n1));
        assertThrows(PluginException.class, () -> fake.powerState(target("https://x")));
    }

    @Test
    void aFirmwareUpdateRunsThenBumpsTheVersion() throws Exception {
        assertEquals("2.1.0", version("bmc"));
        UpdateProgress started = fake.update(n1, URI.create("http://kiln/fw/bmc-2.1.1.bin"), false);
        assertEquals(UpdateProgress.State.RUNNING, started.state());
        UpdateProgress half = fake.progress(n1, started.taskId());
        assertEquals(UpdateProgress.State.RUNNING, half.state());
        assertEquals(50, half.percent());
        assertEquals("2.1.0", version("bmc"));
        assertEquals(UpdateProgress.State.DONE, fake.progress(n1, started.taskId()).state());
        assertEquals("2.1.1", version("bmc"));
        assertEquals("1.0.0", version("bios"));
        assertThrows(PluginException.class, () -> fake.progress(n1, "task-99"));
    }

    @Test
    void bootMediaAndInspection() throws Exception {
        fake.setBootDevice(n1, new BootTarget(BootDevice.UEFI_HTTP, URI.create("http://kiln/boot.efi"), false));
        fake.insertMedia(n1, URI.create("http://kiln/boot.iso"));
        assertEquals(fake.inspect(n1), fake.inspect(n1), "the same facts every time");
        assertEquals("Kiln", fake.inspect(n1).manufacturer());
        assertEquals(1, fake.inspect(n1).pciDevices().size());
    }

    private String version(String id) throws PluginException {
        return fake.firmware(n1).stream().filter(c -> c.id().equals(id)).map(FirmwareComponent::version).findFirst().orElseThrow();
    }
}
