import * as api from '../api.js';
import { h, clear, auto, errorBox, notice, field } from '../dom.js';

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
  const fill = (el, p) => p.then((v) => clear(el, auto(v.items || v)), (e) => clear(el, e.status === 503 ? notice(e.message) : errorBox(e)));
  fill(profiles, api.get('profiles?limit=1000'));
  fill(workflows, api.get('workflows?limit=1000'));
}
