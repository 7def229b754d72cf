package io.kiln.plugin.redfish.internal;

import io.kiln.plugin.redfish.RedfishPlugin;
import io.kiln.plugin.redfish.RedfishQuirks;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;

/**
 * The generic {@code redfish} plugin: the DMTF schema as written ({@link RedfishQuirks#generic()}), registered the
 * way every vendor quirk bundle registers its own.
 */
@Component(immediate = true)
public final class GenericRedfish {
    private final RedfishPlugin.Registration registration;

    @Activate
    public GenericRedfish(BundleContext context) {
        registration = RedfishPlugin.register(context, RedfishQuirks.generic());
    }

    @Deactivate
    void deactivate() {
        registration.close();
    }
}
