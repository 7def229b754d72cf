package io.kiln.plugin.redfish.supermicro;

import io.kiln.plugin.redfish.RedfishPlugin;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;

/** The {@code redfish-supermicro} plugin: the generic Redfish plugin over {@link SupermicroQuirks}, registered from this bundle. */
@Component(immediate = true)
public final class SupermicroRedfish {
    private final RedfishPlugin.Registration registration;

    @Activate
    public SupermicroRedfish(BundleContext context) {
        registration = RedfishPlugin.register(context, SupermicroQuirks.QUIRKS);
    }

    @Deactivate
    void deactivate() {
        registration.close();
    }
}
