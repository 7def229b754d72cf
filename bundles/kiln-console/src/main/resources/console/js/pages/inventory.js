import * as api from '../api.js';
import { h, clear, auto, errorBox, notice, field, confirmDialog } from '../dom.js';

/** The declarative inventory: its status, what differs from the files, and applying them. */
export async function inventoryPage(main) {
  const dir = h('input', { id: 'inv-dir', placeholder: 'empty: the configured directory or git repository' });
  const prune = h('input', { id: 'inv-prune', type: 'checkbox' });
  const out = h('div', { id: 'inv-out', 'aria-live': 'polite' });
  const q = () => { const p = new URLSearchParams(); if (dir.value.trim()) p.set('dir', dir.value.trim()); return p; };
  const run = async (f) => { clear(out, h('p', {}, 'Working…')); try { clear(out, auto(await f())); } catch (e) { clear(out, errorBox(e)); } };
  const status = h('div', {}, h('p', {}, 'Loading…'));
  clear(main, h('h1', {}, 'Declarative inventory'),
    h('section', { 'aria-labelledby': 'h-inv-status' }, h('h2', { id: 'h-inv-status' }, 'Status'), status),
    h('section', { 'aria-labelledby': 'h-inv-files' }, h('h2', { id: 'h-inv-files' }, 'Files'),
      h('div', { class: 'row' }, field('Directory on the appliance', dir), api.canWrite() ? field('Delete what the files no longer declare', prune) : null),
      h('div', { class: 'buttons' },
        h('button', { type: 'button', id: 'inv-diff', onclick: () => run(() => api.get('inventory/diff?' + q())) }, 'Show differences'),
        api.canWrite() ? h('button', { type: 'button', id: 'inv-apply', class: 'primary', onclick: async () => {
          if (!await confirmDialog('Apply the inventory?', 'Every file must be valid, or nothing is written.' + (prune.checked ? ' Entities the files no longer declare are deleted.' : ''), 'Apply')) return;
          const p = q(); if (prune.checked) p.set('prune', 'true');
          run(() => api.post('inventory/apply?' + p));
        } }, 'Apply') : null),
      out));
  api.get('inventory/status').then((s) => clear(status, auto(s)), (e) => clear(status, e.status === 503 ? notice(e.message) : errorBox(e)));
}
