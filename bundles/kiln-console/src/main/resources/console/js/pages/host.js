import * as api from '../api.js';
import { h, clear, badge, when, table, errorBox, facts, auto, notice, confirmDialog, announce } from '../dom.js';

/** One host: identity, hardware, BMC and plugins, variables, boot decision, workflow, actions, and its live timeline. */
export async function hostPage(main, params, name) {
  const n = encodeURIComponent(name);
  const host = await api.get('hosts/' + n);
  const section = (id, title, ...content) => h('section', { 'aria-labelledby': 'h-' + id, id: 's-' + id }, h('h2', { id: 'h-' + id }, title), ...content);
  const later = (id, title, load) => {
    const s = section(id, title, h('p', {}, 'Loading…'));
    load().then((v) => s.lastChild.replaceWith(v), (e) => s.lastChild.replaceWith(e.status === 404 || e.status === 503 ? notice(e.message) : errorBox(e)));
    return s;
  };
  const timeline = h('ol', { class: 'timeline', id: 'timeline', 'aria-live': 'polite' });
  const actions = h('div', { id: 'actions' }, h('p', {}, 'Loading…'));
  clear(main,
    h('p', { class: 'crumbs' }, h('a', { href: '#/hosts' }, 'Hosts'), ' / ', name),
    h('h1', {}, name, ' ', badge(host.currentState)),
    h('div', { class: 'columns' },
      section('identity', 'Identity', facts({ 'MAC addresses': (host.macs || []).join(' '), UUID: host.uuid, Serial: host.serial, Site: host.site,
        Role: host.role, 'OS profile': host.profile, 'IPv4': host.ipv4, Mode: host.mode, 'Desired state': host.desiredState,
        'Current state': badge(host.currentState), Labels: Object.entries(host.labels || {}).map(([k, v]) => k + '=' + v).join(', ') })),
      section('actions', 'Actions', actions)),
    h('div', { class: 'columns' },
      section('hardware', 'Discovered hardware', Object.keys(host.hardware || {}).length ? auto(host.hardware) : notice('Nothing discovered yet.')),
      section('bmc', 'BMC and plugin', host.bmc ? facts({ Address: host.bmc.address, Plugin: host.bmc.plugin, 'Credential (name only)': host.bmc.credentialRef })
        : notice('No BMC registered.'), h('div', { id: 'plugins' }))),
    later('workflow', 'Workflow', async () => {
      const run = await api.get('workflow-runs/' + n);
      return h('div', {}, facts({ Template: run.template, State: badge(run.state), Started: when(run.started || run.createdAt), Reason: run.reason || run.error }),
        auto(run.steps || run.actions || []));
    }),
    section('timeline', 'Timeline', h('p', { class: 'muted', id: 'timeline-mode' }, ''), timeline),
    later('variables', 'Variables and their source', async () => auto(await api.get('hosts/' + n + '/variables'))),
    later('boot', 'Boot decision', async () => host.macs && host.macs.length
      ? auto(await api.get('boot/explain?mac=' + encodeURIComponent(host.macs[0]))) : notice('No MAC address: nothing to decide.')),
  );
  api.get('hosts/' + n + '/plugins').then((p) => clear(document.getElementById('plugins'), h('h3', {}, 'Which plugin serves what'), auto(p)), () => {});
  renderActions(actions, host);
  return liveTimeline(name, timeline);
}

const LABELS = { release: 'Release from quarantine', reprovision: 'Reprovision', deprovision: 'Deprovision', 'power-on': 'Power on',
  'power-off': 'Power off', 'power-cycle': 'Power cycle', 'pxe-once': 'Boot from the network once (PXE)', detach: 'Detach', attach: 'Attach',
  approve: 'Approve', reject: 'Reject' };

/** The host's actions: from GET .../actions when the server has it, else what its state allows. */
async function hostActions(host) {
  const n = encodeURIComponent(host.name);
  if (await api.supports('hosts/' + n + '/actions')) {
    const a = await api.get('hosts/' + n + '/actions');
    // approve and reject only mean something while a machine waits as this host: not listed otherwise
    return (a.items || a).filter((x) => x.available || !['approve', 'reject'].includes(x.action)).map((x) => ({ action: x.action,
      label: LABELS[x.action] || x.action, available: x.available, reason: x.reason, method: x.method,
      path: (x.path || '').replace(/^\/api\/v1\//, ''), body: x.body }));
  }
  const st = host.currentState;
  const bmc = host.bmc ? null : 'no BMC is registered for this host';
  const power = (action, label) => ({ label, available: !bmc, reason: bmc, method: 'POST', path: 'hosts/' + n + '/power', body: { action } });
  return [
    { label: 'Release from quarantine', available: st === 'QUARANTINED', reason: 'only a quarantined host is released (it is ' + st + ')', method: 'POST', path: 'workflow-runs/' + n + '/release' },
    { label: 'Reprovision', available: st === 'ONBOARDED', reason: 'only an onboarded host is provisioned again (it is ' + st + ')', method: 'POST', path: 'workflow-runs/' + n, body: { template: 'reprovision' } },
    { label: 'Deprovision', available: st === 'ONBOARDED', reason: 'only an onboarded host is deprovisioned (it is ' + st + ')', method: 'POST', path: 'workflow-runs/' + n, body: { template: 'deprovision' } },
    power('on', 'Power on'), power('off', 'Power off'), power('cycle', 'Power cycle'),
    { label: 'Boot from the network once (PXE)', available: !bmc, reason: bmc, method: 'POST', path: 'hosts/' + n + '/boot-device', body: { device: 'pxe', persistent: false } },
  ];
}

async function renderActions(box, host, doneText) {
  if (!api.canWrite()) { clear(box, notice('Read only: your role sees hosts but does not change them.')); return; }
  let list;
  try { list = await hostActions(host); } catch (e) { clear(box, errorBox(e)); return; }
  const msg = h('div', { 'aria-live': 'polite' }, doneText ? h('p', { class: 'ok', role: 'status' }, doneText) : null);
  const offered = list.filter((a) => a.available);
  const not = list.filter((a) => !a.available);
  clear(box,
    offered.length ? h('div', { class: 'buttons' }, offered.map((a) => h('button', { type: 'button', class: 'action', 'data-action': a.action || null, onclick: async () => {
      if (!await confirmDialog(a.label + ' ' + host.name + '?', 'This calls ' + a.method + ' /api/v1/' + a.path + '.', a.label)) return;
      clear(msg);
      try {
        await (a.method === 'DELETE' ? api.del(a.path) : a.method === 'PUT' ? api.put(a.path, a.body || {}) : api.post(a.path, a.body || {}));
        announce(a.label + ' done');
        const fresh = await api.get('hosts/' + encodeURIComponent(host.name));
        const b = document.querySelector('h1 .badge');
        if (b) b.replaceWith(badge(fresh.currentState));
        renderActions(box, fresh, a.label + ': done.');
      } catch (e) { clear(msg, errorBox(e)); }
    } }, a.label))) : notice('No action is available now.'),
    msg,
    not.length ? h('h3', {}, 'Not available now') : null,
    not.length ? h('ul', { class: 'unavailable' }, not.map((a) => h('li', { 'data-action': a.action || '' }, h('strong', {}, a.label), ': ',
      a.reason || 'not available'))) : null);
}

/**
 * Server-Sent Events when the server streams them, else polling every 2 s; returns what stops it. The stream is read
 * with fetch, not EventSource: each frame is a named event (its type), which EventSource only hands to listeners of
 * that name, and the types are open-ended.
 */
function liveTimeline(name, list) {
  const n = encodeURIComponent(name);
  const mode = document.getElementById('timeline-mode');
  const abort = new AbortController();
  let last = 0;
  let stopped = false;
  let timer = null;
  const add = (e) => {
    if (e.id <= last) return;
    last = e.id;
    list.prepend(h('li', { 'data-id': String(e.id) }, h('time', { datetime: e.at }, when(e.at)), ' ', h('span', { class: 'source' }, e.source), ' ',
      h('strong', { class: 'type' }, e.type), e.detail ? ' ' + e.detail : ''));
  };
  const poll = async () => {
    if (stopped) return;
    try {
      const evs = await api.get('hosts/' + n + '/events?' + (last ? 'after=' + last : 'limit=100'));
      (Array.isArray(evs) ? evs : evs.items || []).forEach(add);
    } catch (e) { mode.textContent = 'Timeline: ' + e.message; }
    if (!stopped) timer = setTimeout(poll, 2000);
  };
  const stream = async () => {
    const resp = await fetch('/api/v1/hosts/' + n + '/events/stream' + (last ? '?after=' + last : ''),
      { headers: { Accept: 'text/event-stream', 'X-Kiln-Console': '1' }, credentials: 'same-origin', signal: abort.signal });
    if (!resp.ok || !(resp.headers.get('Content-Type') || '').startsWith('text/event-stream')) throw new Error('no event stream');
    mode.textContent = 'Live (streamed).';
    const reader = resp.body.pipeThrough(new TextDecoderStream()).getReader();
    let buf = '';
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      buf += value;
      let i;
      while ((i = buf.indexOf('\n\n')) >= 0) {
        const frame = buf.slice(0, i);
        buf = buf.slice(i + 2);
        const data = frame.split('\n').filter((l) => l.startsWith('data:')).map((l) => l.slice(5).trimStart()).join('\n');
        if (data) { try { add(JSON.parse(data)); } catch (err) { /* not an event */ } }
      }
    }
  };
  poll().then(() => {
    if (stopped) return;
    clearTimeout(timer);
    stream().catch(() => {}).finally(() => { if (!stopped) { mode.textContent = 'Live (polled every 2 s).'; poll(); } });
  });
  return () => { stopped = true; clearTimeout(timer); abort.abort(); };
}
