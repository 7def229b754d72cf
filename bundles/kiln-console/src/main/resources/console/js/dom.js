// Small DOM helpers: elements are built with text nodes only (never innerHTML), so data from the API cannot inject markup.

export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k.startsWith('on')) el.addEventListener(k.slice(2), v);
    else if (k === 'class') el.className = v;
    else if (v === true) el.setAttribute(k, '');
    else el.setAttribute(k, v);
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const c of children.flat(Infinity)) {
    if (c === null || c === undefined || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
}

export function clear(el, ...children) { el.replaceChildren(); append(el, children); return el; }

/** A state as text in a badge; the colour only repeats what the text says. */
export function badge(state) {
  const s = String(state || 'UNKNOWN');
  return h('span', { class: 'badge badge-' + s.toLowerCase() }, s);
}

export function when(iso) {
  if (!iso) return '';
  const d = new Date(iso);
  return isNaN(d) ? String(iso) : d.toLocaleString();
}

/** A key/value list (dl). */
export function facts(pairs) {
  return h('dl', { class: 'facts' }, Object.entries(pairs).filter(([, v]) => v !== undefined && v !== null && v !== '')
    .map(([k, v]) => [h('dt', {}, k), h('dd', {}, v instanceof Node ? v : String(v))]));
}

export function table(headers, rows, caption) {
  return h('div', { class: 'table-wrap' }, h('table', {},
    caption ? h('caption', {}, caption) : null,
    h('thead', {}, h('tr', {}, headers.map((x) => h('th', { scope: 'col' }, x)))),
    h('tbody', {}, rows.length ? rows.map((r) => h('tr', {}, r.map((c) => h('td', {}, c))))
      : h('tr', {}, h('td', { colspan: String(headers.length), class: 'empty' }, 'Nothing here.')))));
}

export function errorBox(e) {
  return h('div', { class: 'error', role: 'alert' }, h('strong', {}, 'Error: '), e && e.message ? e.message : String(e));
}

export function notice(text) { return h('p', { class: 'notice', role: 'status' }, text); }

export function announce(text) { const live = document.getElementById('live'); if (live) live.textContent = text; }

/**
 * A modal confirmation: resolves true when confirmed. Esc or the dismiss button (Cancel, unless the action is itself
 * a cancel: "Keep it running" then reads better than "Cancel" beside "Cancel run") resolve false.
 */
export async function confirmDialog(title, text, confirmLabel = 'Confirm', dismissLabel = 'Cancel') {
  return (await formDialog(title, text, confirmLabel, [], () => true, dismissLabel)) === true;
}

/**
 * A modal form: resolves what {@code collect} makes of the fields when confirmed (null keeps the dialog open: a
 * required field is empty), or null on Esc or Cancel. Focus starts on the first field, else on Cancel.
 */
export function formDialog(title, text, confirmLabel, fields, collect, dismissLabel = 'Cancel') {
  return new Promise((resolve) => {
    const ok = h('button', { type: 'submit', class: 'danger' }, confirmLabel);
    const cancel = h('button', { type: 'button' }, dismissLabel);
    const form = h('form', { method: 'dialog' }, fields, h('div', { class: 'buttons' }, cancel, ok));
    const dlg = h('dialog', { class: 'confirm', 'aria-labelledby': 'dlg-title', 'aria-describedby': 'dlg-text' },
      h('h2', { id: 'dlg-title' }, title), h('div', { id: 'dlg-text' }, typeof text === 'string' ? h('p', {}, text) : text), form);
    const done = (v) => { dlg.close(); dlg.remove(); resolve(v); };
    form.addEventListener('submit', (ev) => {
      ev.preventDefault();
      const v = collect();
      if (v === null || v === undefined) { const first = form.querySelector('input, select'); if (first) first.focus(); return; }
      done(v);
    });
    cancel.addEventListener('click', () => done(null));
    dlg.addEventListener('cancel', (ev) => { ev.preventDefault(); done(null); });
    document.body.append(dlg);
    dlg.showModal();
    (form.querySelector('input, select') || cancel).focus();
  });
}

export function field(label, input, hint) {
  const id = input.id || ('f-' + Math.random().toString(36).slice(2));
  input.id = id;
  return h('div', { class: 'field' }, h('label', { for: id }, label), input, hint ? h('small', {}, hint) : null);
}

/** Words an operator reads for the API's field names where splitting the camelCase is not enough. */
const LABELS = { ip: 'IP address', ipv4: 'IPv4 address', mac: 'MAC address', macs: 'MAC addresses', url: 'URL', uuid: 'UUID', cmdline: 'Kernel command line',
  initrds: 'Initrds', sha256: 'SHA-256', hostName: 'Host', builtIn: 'Built-in', lastError: 'Last error', lastErrorTime: 'Last error at',
  lastCheck: 'Last checked', lastApplied: 'Last applied', appliedRevision: 'Applied revision', revision: 'Revision seen',
  prune: 'Deletes what the files no longer declare', offersReused: 'Offers reused', routerAdvertisements: 'Router advertisements (IPv6)',
  same: 'Unchanged', dhcp: 'DHCP', tftp: 'TFTP', http: 'HTTP', bmc: 'BMC', os: 'OS' };

/** An API field name as words: {@code offersReused} -> "Offers reused", {@code lastError} -> "Last error". */
export function label(key) {
  if (LABELS[key]) return LABELS[key];
  const words = String(key).replace(/([a-z0-9])([A-Z])/g, '$1 $2').replace(/[_-]+/g, ' ').toLowerCase().split(' ')
    .map((w) => LABELS[w] || w);
  const text = words.join(' ');
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** Nothing worth a line: null, empty text, an empty list or object. */
export function isEmpty(v) {
  return v === null || v === undefined || v === '' || (Array.isArray(v) && v.length === 0)
    || (typeof v === 'object' && !Array.isArray(v) && !(v instanceof Node) && Object.keys(v).length === 0);
}

const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/;

/**
 * Any JSON as readable HTML: arrays of objects as tables, objects as key/value lists with the names in words and the
 * empty values left out, times in local time, true/false as yes/no, the rest as text.
 */
export function auto(value) {
  if (value === null || value === undefined || value === '') return h('span', { class: 'muted' }, '—');
  if (Array.isArray(value)) {
    if (value.length === 0) return h('span', { class: 'muted' }, 'none');
    if (value.every((v) => v && typeof v === 'object' && !Array.isArray(v))) {
      // a column empty in every row says nothing
      const keys = [...new Set(value.flatMap((v) => Object.keys(v)))].filter((k) => value.some((v) => !isEmpty(v[k])));
      return table(keys.map(label), value.map((v) => keys.map((k) => cell(v[k]))));
    }
    return value.map((v) => typeof v === 'object' ? JSON.stringify(v) : scalar(v)).join(', ');
  }
  if (typeof value === 'object') {
    const entries = Object.entries(value).filter(([, v]) => !isEmpty(v));
    if (!entries.length) return h('span', { class: 'muted' }, '—');
    return h('dl', { class: 'facts' }, entries.map(([k, v]) => [h('dt', {}, label(k)), h('dd', {}, cell(v, true))]));
  }
  return scalar(value);
}

const STATES = /^(REGISTERED|ONBOARDING|ONBOARDED|QUARANTINED|ERROR|RUNNING|WAITING|DONE|FAILED|PENDING|SUCCEEDED|CANCELLED|UP|DOWN|DEGRADED|OFFERED|BOUND|RELEASED|EXPIRED|DETACHED)$/;

function scalar(v) {
  if (typeof v === 'boolean') return v ? 'yes' : 'no';
  if (typeof v === 'string' && ISO_TIME.test(v)) return when(v);
  return String(v);
}

function cell(v, deep) {
  if (isEmpty(v)) return h('span', { class: 'muted' }, '—');
  if (typeof v !== 'object') return STATES.test(String(v)) ? badge(v) : scalar(v);
  if (deep) return auto(v);
  if (Array.isArray(v)) return v.every((x) => typeof x !== 'object') ? v.map(scalar).join(', ') : v.length + ' items';
  return Object.entries(v).filter(([, x]) => !isEmpty(x)).map(([k, x]) => label(k) + ': ' + (typeof x === 'object' ? JSON.stringify(x) : scalar(x))).join('; ');
}
