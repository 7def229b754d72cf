package io.kiln.plugin.redfish.lenovo;

import io.kiln.plugin.redfish.RedfishPlugin;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;

/** The {@code redfish-lenovo} plugin: the generic Redfish plugin over {@link LenovoQuirks}, registered from this bundle. */
@Component(immediate = true)
public final class LenovoRedfish {
    private final RedfishPlugin.Registration registration;

    @Activate
    public LenovoRedfish(BundleContext context) {
        registration = RedfishPlugin.register(context, LenovoQuirks.QUIRKS);
    }

    @Deactivate
    void deactivate() {
        registration.close();
    }
}
