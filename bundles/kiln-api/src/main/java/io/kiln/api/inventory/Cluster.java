package io.kiln.api.inventory;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a site's hosts become together (in the spirit of Red Hat's ClusterInstance): members with their roles,
 * the machine network, the API and ingress VIPs, and cluster variables rendered into every member's config.
 * Cross-entity rules (VIPs outside DHCP pools, a host in one cluster at most, single-node VIP = its address)
 * are checked by the inventory before anything is applied.
 *
 * @param name           unique name
 * @param site           site the cluster lives at
 * @param members        hosts and their roles
 * @param machineNetwork CIDR of the machine network
 * @param apiVip         API virtual IP
 * @param ingressVip     ingress virtual IP
 * @param variables      cluster variables, above role and site and below host in precedence
 */
public record Cluster(String name, String site, List<ClusterMember> members, String machineNetwork, String apiVip,
                      String ingressVip, Map<String, String> variables) {
    public Cluster {
        name = Names.require("cluster name", name);
        site = Names.require("cluster site", site);
        members = members == null ? List.of() : List.copyOf(members);
        machineNetwork = Host.blankToNull(machineNetwork);
        apiVip = Host.blankToNull(apiVip);
        ingressVip = Host.blankToNull(ingressVip);
        variables = variables == null ? Map.of() : Map.copyOf(new TreeMap<>(variables));
    }

    public boolean singleNode() {
        return members.size() == 1;
    }
}
