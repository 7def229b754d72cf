import * as api from '../api.js';
import { h, clear, auto, errorBox, notice, field, confirmDialog } from '../dom.js';

/** The hardware plugins deployed; an admin uploads a new one (a bundle jar). */
export async function pluginsPage(main) {
  const list = h('div', {}, 'Loading…');
  const file = h('input', { id: 'plugin-file', type: 'file', accept: '.jar' });
  const msg = h('div', { 'aria-live': 'polite' });
  const form = h('form', { class: 'card', id: 'plugin-upload' }, h('h2', {}, 'Upload a plugin'), field('Plugin jar', file), msg,
    h('button', { type: 'submit', class: 'primary' }, 'Upload'));
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const f = file.files[0];
    if (!f) { clear(msg, errorBox(new Error('choose a jar first'))); return; }
    if (!await confirmDialog('Deploy ' + f.name + '?', 'The plugin runs inside Kiln with its full rights.', 'Deploy')) return;
    try { await api.upload('plugins', f); clear(msg, h('p', { class: 'ok' }, 'Uploaded.')); load(); } catch (e) { clear(msg, errorBox(e)); }
  });
  const load = () => api.get('plugins').then((p) => clear(list, auto(p.items || p)), (e) => clear(list, e.status === 503 ? notice(e.message) : errorBox(e)));
  clear(main, h('h1', {}, 'Plugins'), list, api.isAdmin() ? form : notice('Only an admin uploads plugins.'));
  load();
}
