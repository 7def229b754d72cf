import * as api from '../api.js';
import { h, clear, badge, table, errorBox, field, notice, announce, formDialog, when } from '../dom.js';

const PAGE = 50;

/** The table is filtered, sorted and paged by the server; the URL holds the query, so a view can be bookmarked. */
export async function hostsPage(main, params) {
  const rich = await api.supports('hosts?limit=1&q=');
  const q = (k) => params.get(k) || '';
  const inputs = {
    q: h('input', { id: 'hosts-q', type: 'search', value: q('q'), placeholder: 'name, MAC, serial' }),
    site: h('input', { id: 'hosts-site', value: q('site') }),
    role: h('input', { id: 'hosts-role', value: q('role') }),
    state: h('select', { id: 'hosts-state' }, ['', 'REGISTERED', 'ONBOARDING', 'ONBOARDED', 'QUARANTINED', 'ERROR'].map((s) =>
      h('option', { value: s, selected: s === q('state') }, s || 'any'))),
    label: h('input', { id: 'hosts-label', value: q('label'), placeholder: 'rack=r1' }),
  };
  const offset = parseInt(q('offset') || '0', 10) || 0;
  const sort = q('sort') || 'name';
  const go = (changes) => {
    const p = new URLSearchParams(params);
    for (const [k, v] of Object.entries(changes)) { if (v === '' || v === null) p.delete(k); else p.set(k, v); }
    location.hash = '#/hosts?' + p.toString();
  };
  const filters = h('form', { class: 'filters', id: 'hosts-filters', role: 'search' },
    rich ? field('Search', inputs.q) : null, field('Site', inputs.site), field('Role', inputs.role),
    rich ? field('State', inputs.state) : null, field('Label', inputs.label),
    h('button', { type: 'submit' }, 'Filter'));
  filters.addEventListener('submit', (ev) => {
    ev.preventDefault();
    go({ q: inputs.q.value.trim(), site: inputs.site.value.trim(), role: inputs.role.value.trim(), state: inputs.state.value,
      label: inputs.label.value.trim(), offset: '' });
  });
  const query = new URLSearchParams({ offset: String(offset), limit: String(PAGE) });
  for (const k of ['site', 'role', 'label']) if (q(k)) query.set(k, q(k));
  if (rich) { for (const k of ['q', 'state']) if (q(k)) query.set(k, q(k)); query.set('sort', sort); }
  const body = h('div', {}, h('p', {}, 'Loading…'));
  // machines waiting for a decision first: they are what an operator acts on
  clear(main, h('h1', {}, 'Hosts'), pendingSection(), filters, body, api.canWrite() ? registerForm() : null);
  let page;
  try {
    page = await api.get('hosts?' + query.toString());
  } catch (e) {
    clear(body, errorBox(e));
    return;
  }
  const sortButton = (key, label) => rich
    ? h('button', { type: 'button', class: 'linklike', 'aria-label': 'Sort by ' + label, onclick: () => go({ sort: sort === key ? '-' + key : key, offset: '' }) },
      label, sort === key ? ' ▲' : sort === '-' + key ? ' ▼' : '')
    : label;
  const last = Math.min(page.total, offset + page.items.length);
  clear(body,
    h('p', { id: 'hosts-count' }, page.total === 0 ? 'No hosts match.' : 'Hosts ' + (offset + 1) + '–' + last + ' of ' + page.total),
    table([sortButton('name', 'Name'), sortButton('site', 'Site'), sortButton('role', 'Role'), 'Profile', sortButton('state', 'State'), 'MAC', 'Labels'],
      page.items.map((x) => [h('a', { href: '#/hosts/' + encodeURIComponent(x.name) }, x.name), x.site || '', x.role || '', x.profile || '',
        badge(x.currentState), (x.macs || []).join(' '), Object.entries(x.labels || {}).map(([k, v]) => k + '=' + v).join(', ')]), 'Hosts'),
    h('nav', { class: 'pager', 'aria-label': 'Pages' },
      h('button', { type: 'button', disabled: offset === 0, onclick: () => go({ offset: String(Math.max(0, offset - PAGE)) }) }, '← Previous'),
      h('span', {}, 'Page ' + (Math.floor(offset / PAGE) + 1) + ' of ' + Math.max(1, Math.ceil(page.total / PAGE))),
      h('button', { type: 'button', disabled: last >= page.total, onclick: () => go({ offset: String(offset + PAGE) }) }, 'Next →')));
  announce(page.total + ' hosts');
}

function registerForm() {
  const name = h('input', { id: 'reg-name', required: true });
  const mac = h('input', { id: 'reg-mac', required: true, placeholder: '52:54:00:00:00:01' });
  const site = h('input', { id: 'reg-site' });
  const role = h('input', { id: 'reg-role' });
  const profile = h('input', { id: 'reg-profile' });
  const msg = h('div', { 'aria-live': 'polite' });
  const form = h('form', { class: 'card', id: 'register-form' }, h('h2', {}, 'Register a host'),
    h('div', { class: 'row' }, field('Name', name), field('MAC address', mac, 'several: separate with spaces'), field('Site', site),
      field('Role', role), field('OS profile', profile)), msg, h('button', { type: 'submit', class: 'primary' }, 'Register'));
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    clear(msg);
    const host = { name: name.value.trim(), macs: mac.value.trim().split(/[\s,]+/).filter(Boolean) };
    for (const [k, el] of [['site', site], ['role', role], ['profile', profile]]) if (el.value.trim()) host[k] = el.value.trim();
    try {
      await api.post('hosts', host);
      location.hash = '#/hosts/' + encodeURIComponent(host.name);
    } catch (e) {
      clear(msg, errorBox(e));
    }
  });
  return form;
}

/** Machines that asked to onboard and wait for an operator: approve (as a host, registered now if need be) or reject. */
function pendingSection() {
  const box = h('section', { 'aria-labelledby': 'h-pending', id: 'pending' }, h('h2', { id: 'h-pending' }, 'Machines waiting to onboard'), h('p', {}, 'Loading…'));
  const msg = h('div', { 'aria-live': 'polite' });
  const load = (doneText) => api.get('pending').then((p) => {
    const items = p.items || p;
    clear(box, h('h2', { id: 'h-pending' }, 'Machines waiting to onboard'), msg,
      items.length ? null : notice('No machine waits.'),
      items.length ? table(['Machine', 'MAC addresses', 'Serial', 'Why it waits', 'First seen', 'Actions'], items.map((m) => [m.id,
        (m.macs || []).join(' '), m.serial || '', [m.reason || '', m.candidate ? ' (resembles host ' + m.candidate + ')' : ''].join(''), when(m.firstSeen),
        api.canWrite() ? pendingButtons(m, msg, load) : 'read only']), 'Machines waiting to onboard') : null);
    if (doneText) clear(msg, h('p', { class: 'ok', role: 'status' }, doneText));
  }, (e) => clear(box, h('h2', { id: 'h-pending' }, 'Machines waiting to onboard'), e.status === 503 ? notice(e.message) : errorBox(e)));
  load();
  return box;
}

function pendingButtons(m, msg, reload) {
  const id = encodeURIComponent(m.id);
  const approve = async () => {
    const host = h('input', { id: 'approve-host', required: true, value: m.candidate || '' });
    const register = h('input', { id: 'approve-register', type: 'checkbox', checked: !m.candidate });
    const site = h('input', { id: 'approve-site' });
    const role = h('input', { id: 'approve-role' });
    const body = await formDialog('Approve machine ' + m.id + '?', 'It gets its certificate and onboards as this host.', 'Approve',
      [field('Host name', host), field('Register it as a new host', register, 'leave unticked when the host is in the inventory already'),
        field('Site (new host)', site), field('Role (new host)', role)],
      () => {
        const b = { host: host.value.trim(), register: register.checked };
        if (register.checked && site.value.trim()) b.site = site.value.trim();
        if (register.checked && role.value.trim()) b.role = role.value.trim();
        return b.host ? b : null;
      });
    if (!body) return;
    try { await api.post('pending/' + id + '/approve', body); announce('approved'); reload('Machine ' + m.id + ' approved as host ' + body.host + '.'); }
    catch (e) { clear(msg, errorBox(e)); }
  };
  const reject = async () => {
    const reason = h('input', { id: 'reject-reason', placeholder: 'not one of ours' });
    const body = await formDialog('Reject machine ' + m.id + '?', 'It is refused and told why, each time it asks again.', 'Reject',
      [field('Reason (shown to the machine)', reason)], () => reason.value.trim() ? { reason: reason.value.trim() } : {});
    if (!body) return;
    try { await api.post('pending/' + id + '/reject', body); announce('rejected'); reload('Machine ' + m.id + ' rejected.'); }
    catch (e) { clear(msg, errorBox(e)); }
  };
  return h('span', { class: 'buttons' }, h('button', { type: 'button', onclick: approve, 'aria-label': 'Approve ' + m.id }, 'Approve'),
    h('button', { type: 'button', onclick: reject, 'aria-label': 'Reject ' + m.id }, 'Reject'));
}
