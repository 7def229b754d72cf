import * as api from '../api.js';
import { h, clear, auto, errorBox, notice, facts, table } from '../dom.js';

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
    h('section', { 'aria-labelledby': 'h-dhcp' }, h('h2', { id: 'h-dhcp' }, 'DHCP server'), show(dhcp, dhcpView)));
}

const n = (x) => Number(x || 0).toLocaleString();

/** The DHCP server's counters and conditions, alerts first; what is zero or empty says nothing and is left out. */
function dhcpView(d) {
  const refused = Object.entries(d.refused || {}).filter(([, v]) => v);
  const ra = d.routerAdvertisements || {};
  return h('div', {},
    (d.alerts || []).length ? h('div', { class: 'error', role: 'alert' }, h('strong', {}, 'Needs attention: '), h('ul', {}, d.alerts.map((a) => h('li', {}, a)))) : null,
    facts({ Mode: d.mode, 'Listening on': (d.listening || []).join(', ') || '—', 'Requests received': n(d.received), 'Replies sent': n(d.replied),
      'Not answered (policy)': d.ignored ? n(d.ignored) : undefined, 'Malformed, dropped': d.malformed ? n(d.malformed) : undefined,
      'Leases held': d.mode === 'full' ? n(d.leases) : undefined, 'Offers reused': d.offersReused ? n(d.offersReused) : undefined,
      'Router advertisements (IPv6)': ra.state === 'off' || !ra.state ? 'off' : ra.state + ((ra.interfaces || []).length ? ' on ' + ra.interfaces.join(', ') : '')
        + ' · ' + n(ra.solicitations) + ' solicitations, ' + n(ra.advertisements) + ' advertisements' }),
    (d.pools || []).length ? [h('h3', {}, 'Pools'), h('ul', {}, d.pools.map((p) => h('li', {}, p)))] : null,
    refused.length ? table(['Refused because', 'Requests'], refused.map(([k, v]) => [k.replace(/-/g, ' '), n(v)]), 'Requests refused') : null);
}
