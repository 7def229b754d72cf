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
      show(sites, (s) => table(['Site', 'Subnet', 'Gateway', 'Pools', 'Relays'], (s.items || []).map((x) => {
        const net = x.network || {};
        return [x.name, net.subnet || dash(), net.gateway || dash(), (net.pools || []).join(', ') || dash(), (net.relays || []).join(', ') || dash()];
      }), 'Site networks and pools'))),
    h('section', { 'aria-labelledby': 'h-leases' }, h('h2', { id: 'h-leases' }, 'Leases'), show(leases, (l) => (l.items || l).length ? auto(l.items || l)
      : notice('No lease is held.' + (dhcp && dhcp.mode === 'proxy' ? ' In proxy mode another DHCP server hands out the addresses; Kiln only adds the boot options.' : '')))),
    h('section', { 'aria-labelledby': 'h-dhcp' }, h('h2', { id: 'h-dhcp' }, 'DHCP server'), show(dhcp, dhcpView)));
}

const n = (x) => Number(x || 0).toLocaleString();
const dash = () => h('span', { class: 'muted' }, '—');
const count = (x, one, many) => n(x) + ' ' + (Number(x) === 1 ? one : many);

/** The DHCP server's counters and conditions, alerts first; what is zero or empty says nothing and is left out. */
function dhcpView(d) {
  const refused = Object.entries(d.refused || {}).filter(([, v]) => v);
  const ra = d.routerAdvertisements || {};
  return h('div', {},
    (d.alerts || []).length ? h('div', { class: 'error', role: 'alert' }, h('strong', {}, 'Needs attention: '), h('ul', {}, d.alerts.map((a) => h('li', {}, a)))) : null,
    facts({ Mode: d.mode, 'Listening on': (d.listening || []).join(', ') || '—', 'Requests received': n(d.received), 'Replies sent': n(d.replied),
      'Not answered (policy)': d.ignored ? n(d.ignored) : undefined, 'Malformed, dropped': d.malformed ? n(d.malformed) : undefined,
      'Leases held': d.mode === 'full' ? n(d.leases) : undefined, 'Offers reused': d.offersReused ? n(d.offersReused) : undefined,
      'Router advertisements (IPv6)': ra.state === 'off' || !ra.state ? 'off' : ra.state + ((ra.interfaces || []).length ? ' (' + ra.interfaces.join(', ') + ')' : '')
        + ': ' + count(ra.solicitations, 'solicitation', 'solicitations') + ' answered with ' + count(ra.advertisements, 'advertisement', 'advertisements') }),
    (d.pools || []).length ? [h('h3', {}, 'Pools'), h('ul', {}, d.pools.map((p) => h('li', {}, p)))] : null,
    refused.length ? table(['Refused because', 'Requests'], refused.map(([k, v]) => [k.replace(/-/g, ' '), n(v)]), 'Requests refused') : null);
}
