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

/** Any JSON as readable HTML: arrays of objects as tables, objects as key/value lists, the rest as text. */
export function auto(value) {
  if (value === null || value === undefined) return h('span', { class: 'muted' }, '—');
  if (Array.isArray(value)) {
    if (value.length === 0) return h('span', { class: 'muted' }, 'none');
    if (value.every((v) => v && typeof v === 'object' && !Array.isArray(v))) {
      const keys = [...new Set(value.flatMap((v) => Object.keys(v)))];
      return table(keys, value.map((v) => keys.map((k) => cell(v[k]))));
    }
    return value.map((v) => typeof v === 'object' ? JSON.stringify(v) : String(v)).join(', ');
  }
  if (typeof value === 'object') {
    return h('dl', { class: 'facts' }, Object.entries(value).map(([k, v]) => [h('dt', {}, k), h('dd', {}, cell(v, true))]));
  }
  return String(value);
}

function cell(v, deep) {
  if (v === null || v === undefined) return '';
  if (typeof v !== 'object') return /^(REGISTERED|ONBOARDING|ONBOARDED|QUARANTINED|ERROR|RUNNING|WAITING|DONE|FAILED|PENDING|SUCCEEDED|CANCELLED|UP|DOWN|DEGRADED)$/.test(String(v)) ? badge(v) : String(v);
  return deep ? auto(v) : (Array.isArray(v) && v.every((x) => typeof x !== 'object') ? v.join(', ') : JSON.stringify(v));
}
