import * as api from '../api.js';
import { h, clear, errorBox, notice, field, table, isEmpty } from '../dom.js';

/** OS profiles and workflow templates, and for a host what its templates render to (the files the boot decision checks). */
export async function templatesPage(main, params) {
  const host = h('input', { id: 'tpl-host', value: params.get('host') || '' });
  const out = h('div', { id: 'tpl-preview', 'aria-live': 'polite' });
  const form = h('form', { class: 'row', id: 'tpl-form' }, field('Host', host), h('button', { type: 'submit' }, 'Preview'));
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    clear(out, h('p', {}, 'Rendering…'));
    try {
      const hst = await api.get('hosts/' + encodeURIComponent(host.value.trim()));
      const ex = await api.get('boot/explain?mac=' + encodeURIComponent(hst.macs[0]));
      const checks = ex.files || [];
      if (!checks.length) { clear(out, notice('This host boots no profile that installs with per-host files.')); return; }
      // each file rendered as the machine will get it; one that fails shows the template's error instead
      const parts = await Promise.all(checks.map(async (f) => {
        const title = h('h3', {}, f.path + (f.template ? ' (template ' + f.template + ')' : ''));
        if (f.problem) return h('div', { class: 'tpl-file' }, title, errorBox({ message: 'would fail: ' + f.problem }));
        try {
          const r = await api.get('boot/file?path=' + encodeURIComponent(f.path) + '&kilnUrl=' + encodeURIComponent(location.protocol === 'http:' ? location.origin : 'http://' + location.hostname + ':8080'));
          return h('div', { class: 'tpl-file' }, title, h('pre', { class: 'rendered', tabindex: '0' }, r.content));
        } catch (e) { return h('div', { class: 'tpl-file' }, title, errorBox(e)); }
      }));
      clear(out, ...parts);
    } catch (e) { clear(out, errorBox(e)); }
  });
  const profiles = h('div', {}, 'Loading…');
  const workflows = h('div', {}, 'Loading…');
  clear(main, h('h1', {}, 'Templates'),
    h('section', { 'aria-labelledby': 'h-tpl-preview' }, h('h2', { id: 'h-tpl-preview' }, 'Rendered for a host'), form, out),
    h('section', { 'aria-labelledby': 'h-tpl-profiles' }, h('h2', { id: 'h-tpl-profiles' }, 'OS profiles'), profiles),
    h('section', { 'aria-labelledby': 'h-tpl-workflows' }, h('h2', { id: 'h-tpl-workflows' }, 'Workflow templates'), workflows));
  const fill = (el, p, view) => p.then((v) => clear(el, view(v.items || v)), (e) => clear(el, e.status === 503 ? notice(e.message) : errorBox(e)));
  fill(profiles, api.get('profiles?limit=1000'), profilesView);
  fill(workflows, api.get('workflows?limit=1000'), workflowsView);
}

const dash = () => h('span', { class: 'muted' }, '—');

/** The OS profiles: what each boots and installs, and the templates it overrides (only where it has some). */
function profilesView(list) {
  if (!list.length) return notice('No OS profile yet: a host without one boots nothing from Kiln.');
  return table(['Profile', 'Description', 'Kernel and initrds', 'Kernel command line', 'Installs', 'Template overrides'], list.map((p) => [
    h('strong', {}, p.name), p.description || dash(),
    h('span', {}, h('code', {}, p.kernel), (p.initrds || []).map((i) => [h('br'), h('code', {}, i)])),
    p.cmdline ? h('code', {}, p.cmdline) : dash(),
    [String(p.install || 'IMAGE').toLowerCase(), p.image && p.image.url ? [': ', h('code', {}, p.image.url)] : ''],
    isEmpty(p.templates) ? dash() : h('ul', { class: 'plain' }, Object.entries(p.templates).map(([k, v]) => h('li', {}, h('code', {}, k), ' → ', h('code', {}, v))))]),
  'OS profiles');
}

/** Each workflow template: built-in or the inventory's, what it does, and its steps in order with their gates. */
function workflowsView(list) {
  if (!list.length) return notice('No workflow template.');
  return h('div', { class: 'templates' }, list.map((t) => h('article', { class: 'template', 'data-template': t.name },
    h('h3', {}, t.name, ' ', t.builtIn ? h('span', { class: 'badge badge-builtin', title: 'shipped with Kiln; an inventory template of the same name replaces it' },
      'Built-in') : h('span', { class: 'badge' }, 'Inventory')),
    t.description ? h('p', {}, t.description) : null,
    h('ol', { class: 'steps' }, (t.steps || []).map((st) => h('li', {}, stepView(st)))))));
}

function stepView(st) {
  const params = Object.entries(st.parameters || {});
  const extra = [
    st.on ? 'runs on the ' + st.on : null,
    st.retries ? st.retries + (st.retries === 1 ? ' retry' : ' retries') + (st.backoffSeconds ? ' (first after ' + st.backoffSeconds + ' s)' : '') : null,
    st.timeoutSeconds ? 'times out after ' + st.timeoutSeconds + ' s' : null,
    st.compensate ? 'undone by ' + (st.compensate.name || st.compensate.type) : null,
  ].filter(Boolean);
  return [h('strong', {}, st.name), st.type !== st.name ? [' ', h('span', { class: 'muted' }, '(' + st.type + ')')] : null,
    params.length ? [' ', params.map(([k, v]) => h('code', { class: 'param' }, k + '=' + v))] : null,
    extra.length ? h('span', { class: 'muted' }, ' · ' + extra.join(' · ')) : null,
    (st.gates || []).length ? h('div', { class: 'gates' }, 'Gates: ', st.gates.map((g) => h('code', {}, g))) : null];
}
