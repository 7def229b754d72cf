package io.kiln.plugin.redfish;

import io.kiln.redfish.testservice.RecordedRequest;
import io.kiln.redfish.testservice.RedfishTestService;
import io.kiln.spi.vendor.BmcEndpoint;
import io.kiln.spi.vendor.BmcTarget;
import io.kiln.spi.vendor.Credentials;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/** Test helpers: targets for a running test service, and its recorded requests. */
final class Bmcs {
    static final Credentials ADMIN = new Credentials("admin", "secret");

    private Bmcs() {
    }

    static RedfishTestService.Builder service() {
        return RedfishTestService.builder().credentials("admin", "secret");
    }

    /** A target at the service's address with these per-host properties (key, value, ...). */
    static BmcTarget target(RedfishTestService bmc, String... props) {
        return target(bmc, ADMIN, props);
    }

    static BmcTarget target(RedfishTestService bmc, Credentials login, String... props) {
        Map<String, String> p = new HashMap<>();
        for (int i = 0; i < props.length; i += 2) p.put(props[i], props[i + 1]);
        return new BmcTarget(new BmcEndpoint("node1", bmc.baseUri().toString(), null, null, p), login);
    }

    static List<RecordedRequest> requests(RedfishTestService bmc, String method, String pathRegex) {
        return bmc.requests().stream().filter(r -> r.method().equals(method) && r.path().matches(pathRegex)).toList();
    }

    static long count(RedfishTestService bmc, Predicate<RecordedRequest> p) {
        return bmc.requests().stream().filter(p).count();
    }
}
