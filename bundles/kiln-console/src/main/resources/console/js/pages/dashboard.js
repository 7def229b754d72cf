import * as api from '../api.js';
import { h, clear, badge, when, table, errorBox } from '../dom.js';

const STATES = ['ERROR', 'QUARANTINED', 'ONBOARDING', 'REGISTERED', 'ONBOARDED'];
const FAILURE = /fail|error|quarantin|refus|timeout/;

/** Hosts per site and state, problem hosts first: GET /fleet when the server has it, else counted from /hosts. */
async function fleet() {
  if (await api.supports('fleet')) {
    const f = await api.get('fleet');
    if (f && Array.isArray(f.sites)) {
      return { sites: f.sites.map((s) => ({ site: s.site || '(no site)', states: s.states })), total: f.hosts,
        problems: (f.attention || []).map((a) => ({ host: a.name, site: a.site, state: a.state, reason: a.reason })),
        attentionTotal: f.attentionTotal, failures: f.recentFailures, activity: f.activity };
    }
  }
  const all = await api.get('hosts?limit=10000');
  const sites = new Map();
  const problems = [];
  for (const host of all.items) {
    const site = host.site || '(no site)';
    if (!sites.has(site)) sites.set(site, { site, states: {} });
    const st = sites.get(site).states;
    st[host.currentState] = (st[host.currentState] || 0) + 1;
    if (host.currentState === 'ERROR' || host.currentState === 'QUARANTINED') problems.push({ host: host.name, site, state: host.currentState });
  }
  return { sites: [...sites.values()].sort((a, b) => a.site.localeCompare(b.site)), problems, total: all.total };
}

/** A rate as a person reads it: whole numbers from 10 up, one decimal below, "measuring…" before there is one. */
export function perMinute(rate) {
  if (rate === null || rate === undefined) return 'measuring…';
  return rate >= 10 ? Math.round(rate).toLocaleString() : (Math.round(rate * 10) / 10).toLocaleString(undefined, { maximumFractionDigits: 1 });
}

export async function dashboardPage(main) {
  clear(main, h('h1', {}, 'Dashboard'), h('p', {}, 'Loading…'));
  const [f, events, status] = await Promise.all([fleet(), api.get('events?limit=200').catch(() => []), api.get('status').catch((e) => e)]);
  const problems = (f.problems || []).slice().sort((a, b) => STATES.indexOf(a.state) - STATES.indexOf(b.state));
  const failures = f.failures || (Array.isArray(events) ? events : events.items || []).filter((e) => FAILURE.test(e.type + ' ' + e.detail)).reverse().slice(0, 15);
  const activity = (Array.isArray(events) ? events : events.items || []).slice(-15).reverse();
  const siteRows = f.sites.map((s) => [h('a', { href: '#/hosts?site=' + encodeURIComponent(s.site === '(no site)' ? '' : s.site) }, s.site),
    ...STATES.map((st) => String((s.states || {})[st] || 0)),
    String(Object.values(s.states || {}).reduce((a, b) => a + b, 0))]);
  clear(main,
    h('h1', {}, 'Dashboard'),
    h('section', { 'aria-labelledby': 'h-problems' }, h('h2', { id: 'h-problems' }, 'Hosts needing attention (' + (f.attentionTotal ?? problems.length) + ')'),
      table(['Host', 'Site', 'State', 'Reason'], problems.slice(0, 20).map((p) => [h('a', { href: '#/hosts/' + encodeURIComponent(p.host) }, p.host),
        p.site || '', badge(p.state), p.reason || '']))),
    h('section', { 'aria-labelledby': 'h-sites' }, h('h2', { id: 'h-sites' }, 'Hosts per site and state'),
      table(['Site', ...STATES, 'Total'], siteRows)),
    h('div', { class: 'columns' },
      h('section', { 'aria-labelledby': 'h-failures' }, h('h2', { id: 'h-failures' }, 'Recent failures'),
        table(['When', 'Host', 'Event', 'Detail'], failures.map((e) => [when(e.at), h('a', { href: '#/hosts/' + encodeURIComponent(e.host) }, e.host), e.type, e.detail]))),
      h('section', { 'aria-labelledby': 'h-activity' }, h('h2', { id: 'h-activity' }, 'Activity (DHCP, TFTP, HTTP, workflows)'),
        table(['When', 'Host', 'Source', 'Event'], activity.map((e) => [when(e.at), h('a', { href: '#/hosts/' + encodeURIComponent(e.host) }, e.host), e.source, e.type])))),
    f.activity ? h('section', { 'aria-labelledby': 'h-requests' }, h('h2', { id: 'h-requests' }, 'DHCP, TFTP and HTTP requests'),
      table(['Service', 'Requests since start', 'Per minute (over the last minute or more)'], f.activity.map((a) => [a.service.toUpperCase(),
        a.requests.toLocaleString(), perMinute(a.perMinute)]), 'Requests per service')) : null,
    status instanceof Error ? errorBox(status) : subsystems(status.subsystems || []),
  );
}

/** Subsystems: those not up first, with why; the rest as one line of names, each with its state written out. */
function subsystems(list) {
  const name = (s) => s.name || s.subsystem;
  const trouble = list.filter((s) => s.state !== 'UP');
  const up = list.filter((s) => s.state === 'UP');
  return h('section', { 'aria-labelledby': 'h-status' }, h('h2', { id: 'h-status' }, 'Subsystems (' + up.length + ' of ' + list.length + ' up)'),
    trouble.length ? table(['Subsystem', 'State', 'Why'], trouble.map((s) => [name(s), badge(s.state), s.reason || '']), 'Subsystems not up') : null,
    h('ul', { class: 'subsystems' }, up.map((s) => h('li', {}, name(s), ' ', badge(s.state)))));
}
