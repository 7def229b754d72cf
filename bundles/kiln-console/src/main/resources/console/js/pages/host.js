import * as api from '../api.js';
import { h, clear, badge, when, table, errorBox, facts, notice, confirmDialog, announce } from '../dom.js';
import { hardwareSummary } from '../hardware.js';

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
  const labels = Object.entries(host.labels || {});
  clear(main,
    h('p', { class: 'crumbs' }, h('a', { href: '#/hosts' }, 'Hosts'), ' / ', name),
    h('h1', {}, name, ' ', badge(host.currentState)),
    h('div', { class: 'columns' },
      section('identity', 'Identity', facts({ 'Current state': badge(host.currentState), 'Desired state': host.desiredState, Mode: host.mode,
        'MAC addresses': (host.macs || []).join(', '), Serial: host.serial, UUID: host.uuid, Site: host.site, Role: host.role,
        'OS profile': host.profile, 'IPv4 address': host.ipv4, 'Boot loader': host.loader,
        Labels: labels.length ? h('span', { class: 'labels' }, labels.map(([k, v]) => h('code', {}, k + '=' + v))) : undefined })),
      section('actions', 'Actions', actions)),
    h('div', { class: 'columns' },
      section('hardware', 'Discovered hardware', hardwareSummary(host.hardware)),
      section('bmc', 'BMC and plugin', host.bmc ? facts({ Address: host.bmc.address, 'Plugin named': host.bmc.plugin || 'any that claims it',
        'Credential (name only)': host.bmc.credentialRef || 'none' }) : notice('No BMC registered: power and boot are up to the operator on site.'),
      h('div', { id: 'plugins' }))),
    later('workflow', 'Workflow', async () => workflowView(await api.get('workflow-runs/' + n))),
    section('timeline', 'Timeline', h('p', { class: 'muted', id: 'timeline-mode' }, ''), timeline),
    h('div', { class: 'columns' },
      later('variables', 'Variables and their source', async () => variablesView(await api.get('hosts/' + n + '/variables'))),
      later('boot', 'Boot decision', async () => host.macs && host.macs.length
        ? bootView(await api.get('boot/explain?mac=' + encodeURIComponent(host.macs[0]))) : notice('No MAC address: nothing to decide.'))),
  );
  if (host.bmc) api.get('hosts/' + n + '/plugins').then((p) => clear(document.getElementById('plugins'), pluginsView(p)),
    (e) => clear(document.getElementById('plugins'), notice(e.message)));
  renderActions(actions, host);
  return liveTimeline(name, timeline);
}

const IFACES = { power: 'Power', boot: 'Boot device', 'virtual-media': 'Virtual media', firmware: 'Firmware', inspection: 'Inspection' };

/** Which plugin serves each hardware interface of the host, and why (as kiln:plugin-explain). */
function pluginsView(p) {
  return h('div', {},
    h('h3', {}, 'Which plugin serves what'),
    (p.preference || []).length ? h('p', { class: 'muted' }, 'Preference: ' + p.preference.join(', ')) : null,
    table(['Interface', 'Plugin', 'Why'], (p.interfaces || []).map((c) => [IFACES[c.hardwareInterface] || c.hardwareInterface,
      c.plugin ? h('strong', {}, c.plugin) : h('span', { class: 'muted' }, 'none'),
      [c.why || '', (c.problems || []).length ? ' Problems: ' + c.problems.join('; ') : ''].join('')]), 'Plugins per interface'));
}

/** The run and each step with its state, attempt and last message. */
function workflowView(run) {
  const steps = run.steps || [];
  return h('div', {},
    facts({ Template: run.template + (run.templateVersion ? ' (version ' + run.templateVersion + ')' : ''), State: badge(run.state),
      'Started by': run.startedBy, Started: when(run.started), 'Last change': when(run.updated), Why: run.reason }),
    table(['#', 'Step', 'Action', 'Runs on', 'State', 'Attempt', 'Message'], steps.map((st, i) => [String(i + 1) + (i === run.current ? ' ▶' : ''),
      st.name, st.type, st.on || '', badge(st.state), st.attempt ? String(st.attempt) : '',
      h('span', {}, st.message || '', (st.log || []).length ? h('details', {}, h('summary', {}, 'Log (' + st.log.length + ' lines)'),
        h('pre', {}, st.log.join('\n'))) : null)]), 'Workflow steps'));
}

const SOURCES = { HOST: 'the host', CLUSTER: 'cluster', ROLE: 'role', SITE: 'site', GLOBAL: 'global' };

/** Each variable with where its value comes from and what it overrides (as kiln:host-vars). */
function variablesView(v) {
  const vars = v.variables || [];
  if (!vars.length) return notice('No variables: none set on the host, its role, site, cluster or globally.');
  return table(['Variable', 'Value', 'From', 'Overrides'], vars.map((x) => [h('code', {}, x.name), x.value,
    (SOURCES[x.source] || x.source || '') + (x.sourceName && x.source !== 'HOST' ? ' ' + x.sourceName : ''),
    (x.overrides || []).join(', ')]), 'Variables');
}

/** The boot decision for the host's first MAC, its reasons, and the per-host files its installer fetches. */
function bootView(b) {
  const d = b.decision || {};
  const files = b.files || [];
  return h('div', {},
    facts({ 'Next network boot': h('strong', {}, String(d.action || '').toLowerCase().replace(/_/g, ' ')), 'Boot file': d.bootFile,
      'Next server': d.nextServer, 'OS profile': d.profile }),
    (d.reasons || []).length ? h('ul', { class: 'reasons' }, d.reasons.map((r) => h('li', {}, r))) : null,
    files.length ? table(['Per-host file', 'Template', 'Check'], files.map((f) => [h('code', {}, f.path), f.template || '',
      f.problem ? h('span', { class: 'problem' }, '✗ ' + f.problem) : h('span', { class: 'ok' }, '✓ renders')]), 'Per-host files') : null);
}

const HARDWARE = ['power-on', 'power-off', 'power-cycle', 'pxe-once'];

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
  const groups = [['Workflow', offered.filter((a) => !HARDWARE.includes(a.action))],
    ['Power and boot (through the BMC)', offered.filter((a) => HARDWARE.includes(a.action))]].filter(([, group]) => group.length);
  clear(box,
    offered.length ? null : notice('No action is available now.'),
    groups.map(([title, group]) => [h('p', { class: 'group-label' }, title),
      h('div', { class: 'buttons' }, group.map((a) => actionButton(a, box, host, msg)))]),
    msg,
    not.length ? h('h3', {}, 'Not available now') : null,
    not.length ? h('ul', { class: 'unavailable' }, not.map((a) => h('li', { 'data-action': a.action || '' }, h('strong', {}, a.label), ': ',
      a.reason || 'not available'))) : null);
}

/** One action: confirmed first, then its REST call; the box is drawn again from the host as it is now. */
function actionButton(a, box, host, msg) {
  return h('button', { type: 'button', class: 'action', 'data-action': a.action || null, onclick: async () => {
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
  } }, a.label);
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
