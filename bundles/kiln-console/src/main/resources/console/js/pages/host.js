import * as api from '../api.js';
import { h, clear, badge, when, table, errorBox, facts, notice, confirmDialog, announce } from '../dom.js';
import { hardwareSummary } from '../hardware.js';

/** One host: identity, hardware, BMC and plugins, variables, boot decision, workflow, actions, and its live timeline. */
export async function hostPage(main, params, name) {
  const n = encodeURIComponent(name);
  const section = (id, title, ...content) => h('section', { 'aria-labelledby': 'h-' + id, id: 's-' + id }, h('h2', { id: 'h-' + id }, title), ...content);
  const later = (id, title, load) => {
    const s = section(id, title, h('p', {}, 'Loading…'));
    load().then((v) => s.lastChild.replaceWith(v), (e) => s.lastChild.replaceWith(e.status === 404 || e.status === 503 ? notice(e.message) : errorBox(e)));
    return s;
  };
  const timeline = h('ol', { class: 'timeline', id: 'timeline', 'aria-live': 'polite' });
  const mode = h('p', { class: 'muted', id: 'timeline-mode' }, '');
  // the timeline is read first, the panels after it: whatever changes later reaches them through the live stream
  let refreshSoon = () => {};
  const live = liveTimeline(name, timeline, mode, () => refreshSoon());
  let host;
  try {
    await live.ready;
    host = await api.get('hosts/' + n);
  } catch (e) { live.stop(); throw e; }
  const panels = hostPanels(host);
  clear(main,
    h('p', { class: 'crumbs' }, h('a', { href: '#/hosts' }, 'Hosts'), ' / ', name),
    h('h1', {}, name, ' ', panels.state),
    h('div', { class: 'columns' },
      section('identity', 'Identity', panels.identity),
      section('actions', 'Actions', panels.actions)),
    h('div', { class: 'columns' },
      section('hardware', 'Discovered hardware', hardwareSummary(host.hardware)),
      section('bmc', 'BMC and plugin', host.bmc ? facts({ Address: host.bmc.address, 'Plugin named': host.bmc.plugin || 'any that claims it',
        'Credential (name only)': host.bmc.credentialRef || 'none' }) : notice('No BMC registered: power and boot are up to the operator on site.'),
      h('div', { id: 'plugins' }))),
    section('workflow', 'Workflow', panels.workflow),
    section('timeline', 'Timeline', mode, timeline),
    h('div', { class: 'columns' },
      later('variables', 'Variables and their source', async () => variablesView(await api.get('hosts/' + n + '/variables'))),
      section('boot', 'Boot decision', panels.boot)),
  );
  if (host.bmc) api.get('hosts/' + n + '/plugins').then((p) => clear(document.getElementById('plugins'), pluginsView(p)),
    (e) => clear(document.getElementById('plugins'), notice(e.message)));
  refreshSoon = panels.refreshSoon;
  panels.refresh();
  return () => { live.stop(); panels.stop(); };
}

/**
 * What an action or a workflow changes on the page: the state (heading and identity), the workflow, the actions and
 * the boot decision. They are read again together, after an action and (debounced) when the timeline brings an event
 * that can change them; the newest answer wins, and focus stays where it was (or moves to the Actions heading when
 * the button it was on went away).
 */
function hostPanels(first) {
  const n = encodeURIComponent(first.name);
  const state = h('span', { id: 'host-state' }, badge(first.currentState));
  const identity = h('div', {}, identityView(first));
  const workflow = h('div', { id: 'workflow' }, h('p', {}, 'Loading…'));
  const boot = h('div', {}, h('p', {}, 'Loading…'));
  const msg = h('div', { id: 'action-msg', 'aria-live': 'polite' });
  const list = h('div', { id: 'action-list' }, h('p', {}, 'Loading…'));
  const actions = h('div', { id: 'actions' }, list, msg);
  let seq = 0;
  let timer = null;
  let stopped = false;
  let focusAfter = null; // the action just done: whichever refresh draws next puts the keyboard back on it
  const refresh = async (focusAction) => {
    clearTimeout(timer);
    if (focusAction) focusAfter = focusAction;
    const mine = ++seq;
    const hostP = api.get('hosts/' + n);
    const [host, run, acts, decision] = await Promise.all([hostP.catch((e) => e), api.get('workflow-runs/' + n).catch((e) => e),
      api.canWrite() ? hostP.then(hostActions).catch((e) => e) : null,
      // detach, attach and a finished run change where the host boots next
      hostP.then((x) => x.macs && x.macs.length ? api.get('boot/explain?mac=' + encodeURIComponent(x.macs[0])) : null).catch((e) => e)]);
    if (stopped || mine !== seq) return; // a newer refresh is on its way, or the page is gone
    if (!(host instanceof Error)) {
      redraw(state, host.currentState, () => badge(host.currentState));
      redraw(identity, host, () => identityView(host));
    }
    const problem = (e) => e.status === 404 || e.status === 503 ? notice(e.message) : errorBox(e);
    redraw(boot, decision, () => decision instanceof Error ? problem(decision) : decision ? bootView(decision) : notice('No MAC address: nothing to decide.'));
    redraw(workflow, run, () => run instanceof Error ? problem(run) : workflowView(run));
    const ctx = { host: host instanceof Error ? first : host, run: run instanceof Error ? null : run };
    // the buttons act on what they were drawn with: drawn again when the host or its run changed too
    redraw(list, [acts, ctx], () => api.canWrite() ? (acts instanceof Error ? errorBox(acts) : actionsView(acts, ctx, msg, refresh))
      : notice('Read only: your role sees hosts but does not change them.'), focusAfter);
    focusAfter = null;
  };
  const refreshSoon = () => { if (!stopped) { clearTimeout(timer); timer = setTimeout(() => refresh(), 300); } };
  return { state, identity, workflow, boot, actions, refresh, refreshSoon, stop: () => { stopped = true; clearTimeout(timer); } };
}

/**
 * Replaces what a box shows, keeping the keyboard where it was: on the same button (by data-action) or open log (by
 * data-step) when it is still there, else on the section's heading, so focus never falls back to the page's start.
 */
function redraw(box, data, draw, focusAction) {
  const active = document.activeElement;
  const inside = box.contains(active) && active !== box;
  const key = focusAction || (inside ? active.getAttribute('data-action') || active.getAttribute('data-step') : null);
  // the same answer as last time: nothing is drawn again (a button being pressed or read stays the same element)
  const seen = data instanceof Error ? 'error: ' + data.message : JSON.stringify(data);
  if (drawn.get(box) === seen) {
    if (focusAction && (active === document.body || !active)) focusIn(box, key);
    return;
  }
  drawn.set(box, seen);
  const open = [...box.querySelectorAll('details[open]')].map((d) => d.getAttribute('data-step'));
  clear(box, draw());
  for (const d of box.querySelectorAll('details')) if (open.includes(d.getAttribute('data-step'))) d.open = true;
  if (inside || focusAction) focusIn(box, key);
}

const drawn = new WeakMap(); // what each box shows, as the JSON it was drawn from

function focusIn(box, key) {
  const again = key ? [...box.querySelectorAll('button[data-action], summary[data-step]')].find((el) => el.getAttribute('data-action') === key
    || el.getAttribute('data-step') === key) : null;
  const section = box.closest('section');
  const heading = section ? section.querySelector('h2') : null;
  if (again && !again.disabled) again.focus();
  else if (heading) { heading.setAttribute('tabindex', '-1'); heading.focus(); }
}

function identityView(host) {
  const labels = Object.entries(host.labels || {});
  return facts({ 'Current state': badge(host.currentState), 'Desired state': host.desiredState, Mode: host.mode,
    'MAC addresses': (host.macs || []).join(', '), Serial: host.serial, UUID: host.uuid, Site: host.site, Role: host.role,
    'OS profile': host.profile, 'IPv4 address': host.ipv4, 'Boot loader': host.loader,
    Labels: labels.length ? h('span', { class: 'labels' }, labels.map(([k, v]) => h('code', {}, k + '=' + v))) : undefined });
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
      h('span', {}, st.message || '', (st.log || []).length ? h('details', { 'data-step': st.name }, h('summary', { 'data-step': st.name }, 'Log (' + st.log.length + ' lines)'),
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

const LABELS = { release: 'Release from quarantine', reprovision: 'Reprovision', deprovision: 'Deprovision', cancel: 'Cancel run', 'power-on': 'Power on',
  'power-off': 'Power off', 'power-cycle': 'Power cycle', 'pxe-once': 'Boot from the network once (PXE)', detach: 'Detach', attach: 'Attach',
  approve: 'Approve', reject: 'Reject' };

/** The host's actions: from GET .../actions when the server has it, else what its state allows. */
async function hostActions(host) {
  const n = encodeURIComponent(host.name);
  if (await api.supports('hosts/' + n + '/actions')) {
    const a = await api.get('hosts/' + n + '/actions');
    // approve and reject only mean something while a machine waits as this host, cancel while a run is active: not
    // listed otherwise
    return (a.items || a).filter((x) => x.available || !['approve', 'reject', 'cancel'].includes(x.action)).map((x) => ({ action: x.action,
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

/** The actions offered now as buttons (workflow, then power and boot), and those not available with why. */
function actionsView(list, ctx, msg, refresh) {
  const offered = list.filter((a) => a.available);
  const not = list.filter((a) => !a.available);
  const groups = [['Workflow', offered.filter((a) => !HARDWARE.includes(a.action))],
    ['Power and boot (through the BMC)', offered.filter((a) => HARDWARE.includes(a.action))]].filter(([, group]) => group.length);
  return [
    offered.length ? null : notice('No action is available now.'),
    groups.map(([title, group]) => [h('p', { class: 'group-label' }, title),
      h('div', { class: 'buttons' }, group.map((a) => actionButton(a, ctx, msg, refresh)))]),
    not.length ? h('h3', {}, 'Not available now') : null,
    not.length ? h('ul', { class: 'unavailable' }, not.map((a) => h('li', { 'data-action': a.action || '' }, h('strong', {}, a.label), ': ',
      a.reason || 'not available'))) : null];
}

/** One action: confirmed first, then its REST call; then the state, workflow and actions are read again. */
function actionButton(a, ctx, msg, refresh) {
  const host = ctx.host;
  return h('button', { type: 'button', class: 'action', 'data-action': a.action || null, onclick: async () => {
    const said = explain(a, ctx, await templateOf(a));
    if (!await confirmDialog(said.title || a.label + ' ' + host.name + '?', [h('p', {}, said.what), said.then.length ? h('ul', {}, said.then.map((x) => h('li', {}, x))) : null,
      h('p', { class: 'api-call' }, 'REST call: ', h('code', {}, a.method + ' /api/v1/' + a.path))], a.label,
      a.action === 'cancel' ? 'Keep it running' : 'Cancel')) return;
    clear(msg);
    let outcome;
    try {
      await (a.method === 'DELETE' ? api.del(a.path) : a.method === 'PUT' ? api.put(a.path, a.body || {}) : api.post(a.path, a.body || {}));
      announce(a.label + ' done');
      outcome = h('p', { class: 'ok', role: 'status' }, a.label + ': done.');
    } catch (e) { outcome = errorBox(e); }
    // said once the page shows the host as the action left it
    try { await refresh(a.action || 'none'); } finally { clear(msg, outcome); }
  } }, a.label);
}

/** The template a workflow action starts, as this appliance has it (the inventory may replace a built-in one), or null. */
async function templateOf(a) {
  const name = a.body && a.body.template ? a.body.template : a.action === 'attach' ? 'attach' : null;
  if (!name) return null;
  try {
    const all = await api.get('workflows?limit=1000');
    return (all.items || all).find((t) => t.name === name) || null;
  } catch (e) { return null; }
}

/**
 * What an action does to the host and what follows from it, in words, before it is confirmed: {what, then: [..]}
 * (and a title where "Label host?" does not read).
 * The workflow ones say what their template does on this appliance when the inventory replaced the built-in one.
 */
export function explain(a, ctx, template) {
  const host = ctx.host || {};
  const name = host.name;
  const run = ctx.run && ['RUNNING', 'QUARANTINED', 'ROLLING_BACK'].includes(ctx.run.state) ? ctx.run : null;
  const steps = run ? run.steps || [] : [];
  const at = run && steps[run.current] ? ' at step ' + (run.current + 1) + ' of ' + steps.length + ' (' + steps[run.current].name + ')' : '';
  const own = template && !template.builtIn ? ['This appliance\'s own ' + template.name + ' template: ' + (template.description || 'no description')
    + ' (' + (template.steps || []).map((x) => x.name).join(', ') + ').'] : [];
  const power = 'through its BMC';
  switch (a.action) {
    case 'reprovision':
      return { what: 'Starts the reprovision workflow: ' + name + ' boots from the network (power-cycled ' + power + ' where it has one), the node agent'
        + ' writes its OS image' + (host.profile ? ' (profile ' + host.profile + ')' : '') + ' and its per-host files again, and it reboots into the new install.',
        then: [...own, 'Everything on its disks is overwritten.', 'Whatever it runs now stops when it is power-cycled; it is back once the run succeeds.'] };
    case 'deprovision':
      return { what: 'Starts the deprovision workflow: ' + name + ' boots from the network, its disks are wiped, and it is powered off.',
        then: [...own, 'Its OS and all data on its disks are lost.', 'It ends REGISTERED, with no instance: Reprovision installs it again.'] };
    case 'cancel':
      if (!run) return { what: 'Stops the running workflow of ' + name + ' where it is. Nothing it has done is undone (no rollback).', then: [] };
      return { title: 'Cancel the ' + run.template + ' run of ' + name + '?',
        what: 'Stops workflow ' + run.template + ' of ' + name + (at || ' where it is') + '. Nothing it has done is undone (no rollback).',
        then: run.state === 'QUARANTINED' ? ['The host stays QUARANTINED: Release from quarantine is then its only way out.']
          : ['The host stays as it is now (' + host.currentState + '). Kiln starts no workflow for it until you start one, or until its node agent'
            + ' onboards again (the machine network-boots): then its workflow starts again. Detach stops that too.'] };
    case 'release':
      return { what: 'Ends the quarantine of ' + name + ': its workflow goes back to its last wait for onboarding, and the gate that failed is checked again.',
        then: ['Quarantine revoked its credentials: the machine must network-boot and onboard again before the run goes on.'] };
    case 'detach':
      return { what: 'Kiln stops managing ' + name + (run ? ': its running ' + run.template + ' run is cancelled' + at + ',' : ':')
        + ' no workflow starts for it (not even zero-touch provisioning), and its network boot goes to its local disk.',
        then: ['The machine is left as it is: nothing is powered off, wiped or installed.', 'Attach manages it again.'] };
    case 'attach':
      return { what: 'Kiln manages ' + name + ' again: it starts the attach workflow, which reads its hardware ' + power + ' (where it has one) and'
        + ' takes what runs on it as its running instance.', then: [...own, 'Nothing is installed, wiped or powered off.'] };
    case 'power-on':
      return { what: 'Powers ' + name + ' on ' + power + '.', then: ['It boots as its boot order says, or from a one-time boot device set before.'] };
    case 'power-off':
      return { what: 'Cuts the power of ' + name + ' at once ' + power + ': not a clean shutdown.', then: ['Whatever runs on it stops; unsaved data is lost.'] };
    case 'power-cycle':
      return { what: 'Turns ' + name + ' off and on again at once ' + power + ': a hard reset, not a clean reboot.',
        then: ['Whatever runs on it stops; unsaved data is lost.'] };
    case 'pxe-once':
      return { what: 'Sets the next boot of ' + name + ', once, to the network ' + power + ': when it next starts, it asks Kiln what to boot (see Boot decision).',
        then: ['Nothing happens until it boots: power-cycle it to boot now. The boot after that follows its boot order again.'] };
    case 'approve':
      return { what: 'The machine waiting to onboard as ' + name + ' gets its certificate and onboards as this host.', then: ['Its workflow goes on.'] };
    case 'reject':
      return { what: 'The machine waiting to onboard as ' + name + ' is refused, and again each time it asks.', then: [] };
    default:
      return { what: a.label + ' ' + name + '.', then: [] };
  }
}

/** Whether an event can change the host's state, its workflow or its actions (not a DHCP, TFTP or HTTP request). */
export function changesHost(e) {
  const source = String(e.source || '').toLowerCase();
  return ['workflow', 'onboarding', 'agent', 'operator'].includes(source)
    || /^(run|step|rollback|compensation|action)-|quarantin|released|approved|detached|attached|onboard|state/.test(String(e.type || ''));
}

/**
 * Server-Sent Events when the server streams them, else polling every 2 s; returns what stops it. The stream is read
 * with fetch, not EventSource: each frame is a named event (its type), which EventSource only hands to listeners of
 * that name, and the types are open-ended.
 */
function liveTimeline(name, list, mode, onChange) {
  const n = encodeURIComponent(name);
  const abort = new AbortController();
  let last = 0;
  let stopped = false;
  let timer = null;
  let primed = false; // the first page of events is the past: only later ones say something changed
  const add = (e) => {
    if (e.id <= last) return;
    last = e.id;
    if (primed && changesHost(e)) onChange(e);
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
  const ready = poll().then(() => {
    primed = true;
    if (stopped) return;
    clearTimeout(timer);
    stream().catch(() => {}).finally(() => { if (!stopped) { mode.textContent = 'Live (polled every 2 s).'; poll(); } });
  });
  return { ready: ready.then(() => {}), stop: () => { stopped = true; clearTimeout(timer); abort.abort(); } };
}
