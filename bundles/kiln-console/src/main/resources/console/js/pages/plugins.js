import * as api from '../api.js';
import { h, clear, table, errorBox, notice, field, confirmDialog, announce } from '../dom.js';

/** The hardware plugins deployed and what each serves; an admin uploads a new one (a bundle jar, deployed at once). */
export async function pluginsPage(main) {
  const list = h('div', { id: 'plugin-list' }, 'Loading…');
  let stopped = false;
  let timer = null;
  const show = (items) => clear(list, table(['Plugin', 'Bundle', 'Version', 'Serves', 'Claims BMCs'], items.map((p) => [h('strong', {}, p.name),
    p.bundle || '', p.version || '', (p.interfaces || []).join(', '), p.claims || '']), 'Plugins deployed'));
  const load = () => api.get('plugins').then((p) => { show(p.items || p); return p.items || p; },
    (e) => { clear(list, e.status === 503 ? notice(e.message) : errorBox(e)); return []; });
  // a deployed jar starts a moment later: look again until its bundle is listed (or give up after about 30 s)
  const until = (bundle, msg, tries = 15) => load().then((items) => {
    if (stopped) return;
    if (items.some((p) => p.bundle === bundle)) { clear(msg, h('p', { class: 'ok', role: 'status' }, 'Deployed: ' + bundle + ' is running.')); return; }
    if (tries > 0) timer = setTimeout(() => until(bundle, msg, tries - 1), 2000);
    else clear(msg, errorBox(new Error(bundle + ' was written into deploy/ but has not started: kiln:status and the Kiln log say why')));
  });
  let form = null;
  if (api.isAdmin()) {
    const file = h('input', { id: 'plugin-file', type: 'file', accept: '.jar,application/java-archive' });
    const msg = h('div', { 'aria-live': 'polite', id: 'plugin-msg' });
    form = h('form', { class: 'card', id: 'plugin-upload' }, h('h2', {}, 'Upload a plugin'),
      field('Plugin jar', file, 'an OSGi bundle that implements Kiln\'s vendor SPI; it replaces a plugin of the same bundle name'), msg,
      h('button', { type: 'submit', class: 'primary' }, 'Upload and deploy'));
    form.addEventListener('submit', async (ev) => {
      ev.preventDefault();
      const f = file.files[0];
      if (!f) { clear(msg, errorBox(new Error('choose a jar first'))); return; }
      if (!await confirmDialog('Deploy ' + f.name + '?', 'The plugin runs inside Kiln with its full rights.', 'Deploy')) return;
      clear(msg, h('p', {}, 'Uploading…'));
      try {
        const up = await api.upload('plugins', f);
        clear(msg, h('p', { role: 'status' }, 'Uploaded ' + up.bundle + ' ' + (up.version || '') + (up.replaced ? ' (replacing the previous one)' : '') + '; starting…'));
        announce('plugin uploaded');
        until(up.bundle, msg);
      } catch (e) { clear(msg, errorBox(e)); }
    });
  }
  clear(main, h('h1', {}, 'Plugins'), h('section', { 'aria-labelledby': 'h-deployed' }, h('h2', { id: 'h-deployed' }, 'Deployed'), list),
    form || notice('Only an admin uploads plugins.'));
  load();
  return () => { stopped = true; clearTimeout(timer); };
}
