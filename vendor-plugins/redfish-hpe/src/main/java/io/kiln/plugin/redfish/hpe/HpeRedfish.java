package io.kiln.plugin.redfish.hpe;

import io.kiln.plugin.redfish.RedfishPlugin;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;

/** The {@code redfish-hpe} plugin: the generic Redfish plugin over {@link HpeQuirks}, registered from this bundle. */
@Component(immediate = true)
public final class HpeRedfish {
    private final RedfishPlugin.Registration registration;

    @Activate
    public HpeRedfish(BundleContext context) {
        registration = RedfishPlugin.register(context, HpeQuirks.QUIRKS);
    }

    @Deactivate
    void deactivate() {
        registration.close();
    }
}
