import * as api from '../api.js';
import { h, clear, auto, errorBox, notice, field, confirmDialog, facts, when } from '../dom.js';

/** The declarative inventory: its status, what differs from the files, and applying them. */
export async function inventoryPage(main) {
  const dir = h('input', { id: 'inv-dir', size: '44', placeholder: 'empty: the configured directory or git repository' });
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
  api.get('inventory/status').then((s) => clear(status, statusView(s)), (e) => clear(status, e.status === 503 ? notice(e.message) : errorBox(e)));
}

const MODES = { OFF: 'off: the store is edited directly', DIRECTORY: 'follows a directory', GIT: 'follows a git repository' };

/** Where the reconcile loop stands: what it follows, what it applied last, and its last error only when there is one. */
function statusView(s) {
  const r = s.lastResult;
  const count = (k, word) => r && (r[k] || []).length ? r[k].length + ' ' + word : null;
  return h('div', {},
    s.lastError ? h('div', { class: 'error', role: 'alert' }, h('strong', {}, 'Last error' + (s.lastErrorTime ? ' (' + when(s.lastErrorTime) + ')' : '') + ': '),
      s.lastError, h('br'), 'The store was left as it was; Kiln tries again on the next change.') : null,
    facts({ Mode: MODES[s.mode] || s.mode, Source: s.source || undefined,
      'Deletes what the files no longer declare': s.mode === 'OFF' ? undefined : s.prune ? 'yes' : 'no',
      'Last checked': s.lastCheck ? when(s.lastCheck) : undefined, 'Revision seen': s.revision ? h('code', {}, s.revision) : undefined,
      'Applied revision': s.appliedRevision ? h('code', {}, s.appliedRevision) : s.mode === 'OFF' ? undefined : 'none yet',
      'Last applied': s.lastApplied ? when(s.lastApplied) : undefined,
      'What it did': r ? [count('created', 'created'), count('updated', 'updated'), count('deleted', 'deleted'), count('unchanged', 'unchanged'),
        count('implied', 'implied')].filter(Boolean).join(', ') || 'nothing' : undefined }));
}
