package io.kiln.api.inventory;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A place with machines (a shop, a factory, a telco cell): its variables (DNS, NTP, gateway, domain, proxy,
 * timezone, SSH keys, anything else) and its networks.
 *
 * @param name        unique name
 * @param description free text
 * @param variables   site variables, below cluster, role and host in precedence
 * @param networks    subnets the DHCP server serves for this site
 * @param mode        ZTP (default) or NON_ZTP for the site's hosts that do not say otherwise
 */
public record Site(String name, String description, Map<String, String> variables, List<SiteNetwork> networks,
                   ProvisioningMode mode) {
    public Site {
        name = Names.require("site name", name);
        description = description == null ? "" : description.trim();
        variables = variables == null ? Map.of() : Map.copyOf(new TreeMap<>(variables));
        networks = networks == null ? List.of() : List.copyOf(networks);
        mode = mode == null ? ProvisioningMode.ZTP : mode;
    }
}
