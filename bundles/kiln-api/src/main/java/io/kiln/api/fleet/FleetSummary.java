package io.kiln.api.fleet;

import io.kiln.api.events.HostEvent;
import java.time.Instant;
import java.util.List;

/**
 * The fleet at one moment.
 *
 * @param at             when it was computed
 * @param hosts          all hosts
 * @param sites          per site (hosts without a site under a null site, last), hosts per current state
 * @param attention      hosts in ERROR or QUARANTINED, the most recent trouble first
 * @param attentionTotal how many hosts are in ERROR or QUARANTINED (attention may list fewer)
 * @param recentFailures the newest failure events fleet-wide, newest first
 * @param activity       DHCP, TFTP and HTTP requests: totals since Kiln started and the recent rate
 */
public record FleetSummary(Instant at, int hosts, List<SiteStates> sites, List<AttentionHost> attention, int attentionTotal,
                           List<HostEvent> recentFailures, List<ServiceActivity> activity) {
    public FleetSummary {
        sites = List.copyOf(sites);
        attention = List.copyOf(attention);
        recentFailures = List.copyOf(recentFailures);
        activity = List.copyOf(activity);
    }
}
