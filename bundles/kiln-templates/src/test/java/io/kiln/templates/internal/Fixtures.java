package io.kiln.templates.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Realistic variables as the resolver will hand them over: a two-NIC host with a static address, a DHCP host. */
final class Fixtures {
    static final String KEY_ED25519 = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIIv1eVmV0u9NqYwZ9n8eX1c3o1pBqC3nZ0kGQ3JvS7Gh ops@kiln.example";
    static final String KEY_RSA = "ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQC7vZ0Qk3F5m2 backup key #2";

    private Fixtures() {
    }

    /** edge-01: eno1 static 10.20.0.11/24 (gateway 10.20.0.1), eno2 DHCP; site with a proxy; in a cluster. */
    static Map<String, Object> staticHost(String method) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("host", map("name", "edge-01", "macs", List.of("52:54:00:12:34:56", "52:54:00:12:34:57"),
                "uuid", "0b8f3f4e-6a2c-4c4e-9f0a-2d1b7c9e5a11"));
        v.put("site", site(true));
        v.put("role", map("packages", List.of("htop", "jq")));
        v.put("cluster", map("name", "edge-k8s", "api_vip", "10.20.0.100",
                "env", map("KILN_CLUSTER", "edge-k8s", "KILN_CLUSTER_ROLE", "control-plane", "KILN_API_VIP", "10.20.0.100")));
        v.put("network", map(
                "interfaces", List.of(
                        map("name", "eno1", "mac", "52:54:00:12:34:56", "addresses", List.of("10.20.0.11/24")),
                        map("name", "eno2", "mac", "52:54:00:12:34:57", "mtu", 9000)),
                "gateway", "10.20.0.1"));
        v.put("kiln", map("url", "http://10.20.0.1:8080"));
        v.put("install", install(method));
        return v;
    }

    /** edge-01 with a driver plan: what an HGX GPU host with a ConnectX NIC and an E810 gets. */
    static Map<String, Object> gpuHost(String method) {
        Map<String, Object> v = staticHost(method);
        v.put("drivers", drivers());
        return v;
    }

    /** The fixture a test names by host: edge-01, edge-02 or gpu-01 (edge-01 with a driver plan). */
    static Map<String, Object> host(String name, String method) {
        return switch (name) {
            case "edge-01" -> staticHost(method);
            case "edge-02" -> dhcpHost(method);
            case "gpu-01" -> gpuHost(method);
            default -> throw new IllegalArgumentException(name);
        };
    }

    /** A driver plan as kiln-boot hands it over (an HGX GPU host with a ConnectX NIC and an E810). */
    static Map<String, Object> drivers() {
        return map("packages", List.of("nvidia-driver-580-server-open", "nvidia-fabricmanager-580"),
                "modules", List.of("nvidia", "nvidia_uvm", "mlx5_core", "ice"),
                "kernel_args", List.of("rd.driver.blacklist=nouveau", "modprobe.blacklist=nouveau"),
                "firmware_files", List.of("intel/ice/ddp/ice.pkg"));
    }

    /** edge-02: one NIC on DHCP; site without a proxy; no cluster; no driver plan (no drivers key at all). */
    static Map<String, Object> dhcpHost(String method) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("host", map("name", "edge-02", "macs", List.of("52:54:00:ab:cd:02")));
        v.put("site", site(false));
        v.put("role", map("packages", List.of()));
        v.put("network", map("interfaces", List.of(map("name", "enp1s0", "mac", "52:54:00:AB:CD:02"))));
        v.put("kiln", map("url", "http://10.20.0.1:8080"));
        v.put("install", install(method));
        return v;
    }

    static Map<String, Object> site(boolean proxy) {
        Map<String, Object> s = map("domain", "site1.example.net", "dns", List.of("10.20.0.2", "10.20.0.3"),
                "ntp", List.of("ntp1.site1.example.net", "10.20.0.2"), "ssh_keys", List.of(KEY_ED25519, KEY_RSA),
                "timezone", "Europe/Berlin");
        if (proxy) s.put("proxy", "http://proxy.site1.example.net:3128");
        return s;
    }

    static Map<String, Object> install(String method) {
        return switch (method) {
            case "autoinstall" -> map("method", method, "kernel", "ubuntu-24.04/vmlinuz", "initrds", List.of("ubuntu-24.04/initrd"),
                    "cmdline", "ip=dhcp url=http://10.20.0.1:8080/artifacts/ubuntu-24.04/ubuntu-24.04-live-server-amd64.iso");
            case "kickstart" -> map("method", method, "kernel", "https://mirror.example.net/rocky/9/BaseOS/x86_64/os/images/pxeboot/vmlinuz",
                    "initrds", List.of("https://mirror.example.net/rocky/9/BaseOS/x86_64/os/images/pxeboot/initrd.img"),
                    "repo", "https://mirror.example.net/rocky/9/BaseOS/x86_64/os/");
            case "preseed" -> map("method", method, "kernel", "debian-12/linux", "initrds", List.of("debian-12/initrd.gz"));
            default -> map("method", method, "kernel", "images/vmlinuz", "initrds", List.of("images/initrd.img"));
        };
    }

    /** A mutable map from key/value pairs (tests remove entries to provoke errors). */
    static Map<String, Object> map(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) m.put((String) kv[i], kv[i + 1]);
        return m;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> sub(Map<String, Object> vars, String key) {
        return (Map<String, Object>) vars.get(key);
    }

    static List<Object> list(Object... items) {
        return new ArrayList<>(List.of(items));
    }
}
