import * as api from '../api.js';
import { h, clear, auto, errorBox, notice } from '../dom.js';

/** DHCP leases and each site's network and pools. */
export async function leasesPage(main) {
  clear(main, h('h1', {}, 'Leases and pools'), h('p', {}, 'Loading…'));
  const [leases, sites, dhcp] = await Promise.all([api.get('leases').catch((e) => e), api.get('sites?limit=1000').catch((e) => e),
    api.get('dhcp/status').catch((e) => e)]);
  const show = (v, f) => v instanceof Error ? (v.status === 503 ? notice(v.message) : errorBox(v)) : f(v);
  clear(main, h('h1', {}, 'Leases and pools'),
    h('section', { 'aria-labelledby': 'h-pools' }, h('h2', { id: 'h-pools' }, 'Site networks and pools'),
      show(sites, (s) => auto((s.items || []).map((x) => ({ site: x.name, subnet: (x.network || {}).subnet, gateway: (x.network || {}).gateway,
        pools: ((x.network || {}).pools || []).join(', '), relays: ((x.network || {}).relays || []).join(', ') }))))),
    h('section', { 'aria-labelledby': 'h-leases' }, h('h2', { id: 'h-leases' }, 'Leases'), show(leases, (l) => auto(l.items || l))),
    h('section', { 'aria-labelledby': 'h-dhcp' }, h('h2', { id: 'h-dhcp' }, 'DHCP server'), show(dhcp, auto)));
}
