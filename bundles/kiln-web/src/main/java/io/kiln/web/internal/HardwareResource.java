package io.kiln.web.internal;

import io.kiln.api.KilnException;
import io.kiln.api.hardware.BmcAdded;
import io.kiln.api.hardware.BmcRegistration;
import io.kiln.api.hardware.BootChoice;
import io.kiln.api.hardware.FirmwareUpdate;
import io.kiln.api.hardware.HardwareService;
import io.kiln.api.hardware.MediaAction;
import io.kiln.api.hardware.PowerCommand;
import io.kiln.api.rest.ApiProblem;
import io.kiln.api.rest.ApiRequest;
import io.kiln.api.rest.ApiResource;
import io.kiln.api.rest.ApiResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/**
 * Hardware plugins over REST, each call one call of {@link HardwareService}: {@code GET /api/v1/plugins},
 * {@code GET /api/v1/hosts/{name}/plugins} (which plugin serves each interface and why), {@code GET} and
 * {@code POST .../power} ({@code {"action":"on"}}), {@code POST .../boot-device} ({@code {"device":"pxe","url":..,
 * "persistent":false}}), {@code POST .../virtual-media} ({@code {"action":"insert","image":URL}}),
 * {@code GET .../firmware}, {@code GET} and {@code POST .../firmware/updates} ({@code {"image":URL,"push":false}},
 * {@code ?wait=SECONDS}), {@code GET .../firmware/updates/{id}}, {@code POST .../inspection}, {@code POST
 * /api/v1/bmcs} (register a host from its BMC) and {@code GET .../drivers} (the host's driver plan, as
 * {@code kiln:drivers-explain}). The registry is a dynamic reference: it coming and going never
 * re-registers this resource, so /api/v1 does not blink.
 */
@Component(service = ApiResource.class, property = {ApiResource.PATH + "=plugins", ApiResource.PATH + "=hosts/*/plugins",
        ApiResource.PATH + "=hosts/*/power", ApiResource.PATH + "=hosts/*/boot-device", ApiResource.PATH + "=hosts/*/virtual-media",
        ApiResource.PATH + "=hosts/*/firmware", ApiResource.PATH + "=hosts/*/firmware/updates", ApiResource.PATH + "=hosts/*/firmware/updates/*",
        ApiResource.PATH + "=hosts/*/inspection", ApiResource.PATH + "=bmcs", ApiResource.PATH + "=hosts/*/drivers"})
public final class HardwareResource implements ApiResource {
    /** The paths above, for tests. */
    static final String[] PATHS = {"plugins", "hosts/*/plugins", "hosts/*/power", "hosts/*/boot-device", "hosts/*/virtual-media", "hosts/*/firmware",
            "hosts/*/firmware/updates", "hosts/*/firmware/updates/*", "hosts/*/inspection", "bmcs", "hosts/*/drivers"};
    static final int MAX_WAIT_SECONDS = 3600;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    private volatile HardwareService hardware;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    private volatile io.kiln.api.hardware.PluginInstaller installer;

    public HardwareResource() {
    }

    /** POST /api/v1/plugins: a plugin jar into deploy/ (admin only: ApiServlet checks), 202 with its bundle and version. */
    private ApiResponse upload(ApiRequest r) {
        String type = r.header("Content-Type");
        if (type == null || !(type.startsWith("application/java-archive") || type.startsWith("application/x-java-archive"))) {
            throw new ApiProblem(415, "send the plugin's jar as the body with Content-Type: application/java-archive (got " + type + ")");
        }
        io.kiln.api.hardware.PluginInstaller i = installer;
        if (i == null) throw ApiProblem.unavailable("the plugin installer", "kiln-plugins is not running; see the Kiln log");
        return new ApiResponse(202, Map.of("Location", "/api/v1/plugins"), i.install(r.body()));
    }

    /** For tests: a resource with its registry (or null). */
    HardwareResource(HardwareService hardware) {
        this.hardware = hardware;
    }

    @Override
    public ApiResponse handle(ApiRequest r) {
        List<String> p = r.path();
        String what = p.size() == 1 ? p.get(0) : p.size() == 3 ? p.get(2) : p.size() == 4 && "firmware".equals(p.get(2)) && "updates".equals(p.get(3))
                ? "updates" : p.size() == 5 && "firmware".equals(p.get(2)) && "updates".equals(p.get(3)) ? "update" : "";
        List<String> allowed = switch (what) {
            case "plugins" -> p.size() == 1 ? List.of("GET", "POST") : List.of("GET");
            case "firmware", "update", "drivers" -> List.of("GET");
            case "power", "updates" -> List.of("GET", "POST");
            case "boot-device", "virtual-media", "inspection", "bmcs" -> List.of("POST");
            default -> List.of();
        };
        if (allowed.isEmpty() || p.size() == 1 && !List.of("plugins", "bmcs").contains(what)) {
            throw KilnException.notFound("no such resource: " + r.where() + " (try " + String.join(", ", PATHS) + ")");
        }
        if (!allowed.contains(r.method())) throw ApiProblem.methodNotAllowed(r, allowed.toArray(String[]::new));
        if (p.size() == 1 && "plugins".equals(what) && "POST".equals(r.method())) return upload(r);
        HardwareService hw = hardware; // read once: the reference may change under us
        if (hw == null) throw ApiProblem.unavailable("the hardware plugins service", "its component is not running; check etc/io.kiln.plugins.cfg and the Kiln log");
        boolean get = "GET".equals(r.method());
        if (p.size() == 1) return "plugins".equals(what) ? ApiResponse.ok(Map.of("items", hw.plugins())) : addBmc(hw, r.body());
        String host = p.get(1);
        return switch (what) {
            case "plugins" -> ApiResponse.ok(hw.explain(host));
            case "power" -> ApiResponse.ok(get ? hw.powerState(host) : hw.power(host, action(r.body())));
            case "boot-device" -> {
                StrictBody b = StrictBody.read(r.body(), "boot device request", "the body must be {\"device\": \"pxe|http|cd|disk\", \"url\": URL (http only,"
                        + " optional), \"persistent\": false}", false, "device", "url", "persistent");
                yield ApiResponse.ok(hw.setBootDevice(host, BootChoice.parse(b.required("device")), b.text("url"), b.bool("persistent")));
            }
            case "virtual-media" -> {
                StrictBody b = StrictBody.read(r.body(), "virtual media request", "the body must be {\"action\": \"insert|eject\", \"image\": URL (insert only)}",
                        false, "action", "image");
                yield ApiResponse.ok(hw.virtualMedia(host, MediaAction.parse(b.required("action")), b.text("image")));
            }
            case "firmware" -> ApiResponse.ok(hw.firmware(host));
            case "drivers" -> ApiResponse.ok(hw.drivers(host));
            case "updates" -> get ? ApiResponse.ok(Map.of("items", hw.firmwareUpdates(host))) : startUpdate(hw, host, r);
            case "update" -> ApiResponse.ok(hw.firmwareUpdate(host, p.get(4)));
            case "inspection" -> {
                if (r.body().length > 0) StrictBody.read(r.body(), "inspection request", "the body must be empty or {}", false);
                yield ApiResponse.ok(hw.inspect(host));
            }
            default -> throw KilnException.notFound("no such resource: " + r.where());
        };
    }

    /** 201 with the update's Location; {@code ?wait=SECONDS} answers once it ended or that time passed. */
    private static ApiResponse startUpdate(HardwareService hw, String host, ApiRequest r) {
        int wait = r.intParam("wait", 0);
        if (wait < 0 || wait > MAX_WAIT_SECONDS) throw KilnException.invalid("parameter 'wait' must be 0 to " + MAX_WAIT_SECONDS + " seconds, got " + wait);
        StrictBody b = StrictBody.read(r.body(), "firmware update request", "the body must be {\"image\": URL, \"push\": false}", false, "image", "push");
        FirmwareUpdate u = hw.startFirmwareUpdate(host, b.required("image"), b.bool("push"));
        if (wait > 0) u = hw.awaitFirmwareUpdate(host, u.id(), Duration.ofSeconds(wait));
        return new ApiResponse(201, Map.of("Location", "/api/v1/hosts/" + host + "/firmware/updates/" + u.id()), u);
    }

    private static ApiResponse addBmc(HardwareService hw, byte[] body) {
        StrictBody b = StrictBody.read(body, "BMC registration", "the body must be {\"address\": BMC, \"credentialRef\": NAME, \"plugin\": NAME,"
                + " \"name\": HOST, \"profile\": .., \"site\": .., \"role\": .., \"vars\": {NAME: VALUE}} (address required)", false,
                "address", "credentialRef", "plugin", "name", "profile", "site", "role", "vars");
        BmcAdded a = hw.addBmc(new BmcRegistration(b.required("address"), b.text("credentialRef"), b.text("plugin"), b.text("name"), b.text("profile"),
                b.text("site"), b.text("role"), b.textMap("vars")));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("host", a.host());
        out.put("plugin", a.plugin());
        out.put("why", a.why());
        return new ApiResponse(201, Map.of("Location", "/api/v1/hosts/" + a.host().name()), out);
    }

    /** {@code {"action": "on"}}, strictly: any other field or shape is a 400 that says what is expected. */
    static PowerCommand action(byte[] body) {
        StrictBody b = StrictBody.read(body, "power request", "the body must be {\"action\": \"on|off|graceful-off|cycle\"}", false, "action");
        return PowerCommand.parse(b.required("action"));
    }
}
