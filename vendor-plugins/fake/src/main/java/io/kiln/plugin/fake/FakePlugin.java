package io.kiln.plugin.fake;

import io.kiln.spi.vendor.BmcEndpoint;
import io.kiln.spi.vendor.BmcTarget;
import io.kiln.spi.vendor.BootInterface;
import io.kiln.spi.vendor.BootTarget;
import io.kiln.spi.vendor.Claim;
import io.kiln.spi.vendor.FirmwareComponent;
import io.kiln.spi.vendor.FirmwareInterface;
import io.kiln.spi.vendor.HardwareFacts;
import io.kiln.spi.vendor.InspectionInterface;
import io.kiln.spi.vendor.PciDevice;
import io.kiln.spi.vendor.PluginException;
import io.kiln.spi.vendor.PowerAction;
import io.kiln.spi.vendor.PowerInterface;
import io.kiln.spi.vendor.PowerState;
import io.kiln.spi.vendor.UpdateProgress;
import io.kiln.spi.vendor.VendorPlugin;
import io.kiln.spi.vendor.VirtualMediaInterface;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.osgi.service.component.annotations.Component;

/**
 * Ironic's fake hardware for Kiln: claims every BMC whose address is {@code fake://...} and keeps an in-memory BMC
 * per address, so demos and tests drive power, boot, virtual media, firmware and inspection without hardware. The
 * state lives as long as the bundle (an updated bundle starts with every server off).
 */
@Component(service = VendorPlugin.class, property = "kiln.claims=BMC addresses fake://...")
public final class FakePlugin implements VendorPlugin, PowerInterface, BootInterface, VirtualMediaInterface, FirmwareInterface, InspectionInterface {
    static final String SCHEME = "fake://";

    private final Map<String, FakeBmc> bmcs = new ConcurrentHashMap<>();
    /** Update tasks polled once already (the next poll finishes them). */
    private final Set<String> polled = ConcurrentHashMap.newKeySet();

    @Override
    public String name() {
        return "fake";
    }

    @Override
    public Claim claim(BmcEndpoint bmc) {
        return bmc.address().startsWith(SCHEME) ? Claim.yes("its address " + bmc.address() + " is a fake:// address")
                : Claim.no("only fake:// addresses");
    }

    @Override
    public List<String> validate(BmcEndpoint bmc) {
        return bmc.address().length() > SCHEME.length() && bmc.address().startsWith(SCHEME) ? List.of()
                : List.of("BMC address '" + bmc.address() + "' is not fake://NAME");
    }

    private FakeBmc bmc(BmcTarget target) throws PluginException {
        String address = target.endpoint().address();
        if (!address.startsWith(SCHEME)) throw new PluginException("not a fake BMC: " + address);
        return bmcs.computeIfAbsent(address, a -> new FakeBmc());
    }

    // power

    @Override
    public PowerState powerState(BmcTarget target) throws PluginException {
        return bmc(target).power();
    }

    @Override
    public void power(BmcTarget target, PowerAction action) throws PluginException {
        bmc(target).power(action);
    }

    // boot and virtual media

    @Override
    public void setBootDevice(BmcTarget target, BootTarget boot) throws PluginException {
        bmc(target).boot(boot);
    }

    @Override
    public void insertMedia(BmcTarget target, URI image) throws PluginException {
        bmc(target).media(image);
    }

    @Override
    public void ejectMedia(BmcTarget target) throws PluginException {
        bmc(target).media(null);
    }

    // firmware

    @Override
    public List<FirmwareComponent> firmware(BmcTarget target) throws PluginException {
        return bmc(target).firmware();
    }

    @Override
    public UpdateProgress update(BmcTarget target, URI image, boolean push) throws PluginException {
        return bmc(target).startUpdate(image);
    }

    @Override
    public UpdateProgress progress(BmcTarget target, String taskId) throws PluginException {
        FakeBmc b = bmc(target);
        if (!b.knows(taskId)) throw new PluginException("no update task '" + taskId + "' on " + target.endpoint().address());
        return b.progress(taskId, polled.add(target.endpoint().address() + "#" + taskId));
    }

    // inspection: facts derived from the address, the same every time

    @Override
    public HardwareFacts inspect(BmcTarget target) throws PluginException {
        bmc(target);
        String address = target.endpoint().address();
        UUID uuid = UUID.nameUUIDFromBytes(address.getBytes(StandardCharsets.UTF_8));
        int h = address.hashCode();
        String mac = String.format("52:54:00:%02x:%02x:%02x", (h >> 16) & 0xff, (h >> 8) & 0xff, h & 0xff);
        return new HardwareFacts("Kiln", "Fake Server", "FAKE" + Integer.toHexString(h & 0x7fffffff).toUpperCase(java.util.Locale.ROOT),
                uuid.toString(), List.of(mac), List.of(new PciDevice("15b3", "101d", null, null, "020000", "0000:3b:00.0", "ConnectX-6 Dx")),
                List.of("nvme0: 960 GB"), 64L << 30);
    }
}
