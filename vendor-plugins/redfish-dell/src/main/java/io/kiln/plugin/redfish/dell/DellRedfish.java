package io.kiln.plugin.redfish.dell;

import io.kiln.plugin.redfish.RedfishPlugin;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;

/** The {@code redfish-dell} plugin: the generic Redfish plugin over {@link DellQuirks}, registered from this bundle. */
@Component(immediate = true)
public final class DellRedfish {
    private final RedfishPlugin.Registration registration;

    @Activate
    public DellRedfish(BundleContext context) {
        registration = RedfishPlugin.register(context, DellQuirks.QUIRKS);
    }

    @Deactivate
    void deactivate() {
        registration.close();
    }
}
