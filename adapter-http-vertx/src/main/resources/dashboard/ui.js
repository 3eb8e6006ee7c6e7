// Small DOM helpers: element building without innerHTML (no injection from API data),
// toasts, confirmations and dialogs that close with Escape and give focus back.

/** Builds an element: h('td', {class: 'num'}, 'text', child, ...). */
export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k.startsWith('on') && typeof v === 'function') el.addEventListener(k.slice(2), v);
    else if (k === 'class') el.className = v;
    else if (v === true) el.setAttribute(k, '');
    else el.setAttribute(k, v);
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const c of children) {
    if (c === undefined || c === null || c === false) continue;
    if (Array.isArray(c)) append(el, c);
    else el.append(c instanceof Node ? c : String(c));
  }
}

/** Shows a short message in the corner (role: polite live region); errors stay longer. */
export function toast(message, isError = false) {
  const t = h('div', { class: 'toast' + (isError ? ' error' : ''), role: isError ? 'alert' : 'status' }, message);
  document.getElementById('toasts').append(t);
  setTimeout(() => t.remove(), isError ? 9000 : 4000);
}

/** Runs an action; toasts `done` (a string or a function of the result) or the error's message. */
export async function act(action, done) {
  try {
    const result = await action();
    if (done) toast(typeof done === 'function' ? done(result) : done);
    return result;
  } catch (e) {
    toast(e.message || String(e), true);
    return undefined;
  }
}

/**
 * Opens a modal dialog holding `content` (an element or a function of the close callback).
 * Escape closes it (the browser's own <dialog> behaviour); focus goes back to where it was.
 * Resolves with the value given to close().
 */
export function dialog(title, content) {
  return new Promise((resolve) => {
    const opener = document.activeElement;
    const d = h('dialog', { 'aria-labelledby': 'dlg-title' });
    let value;
    const close = (v) => {
      value = v;
      d.close();
    };
    d.append(h('h2', { id: 'dlg-title' }, title), typeof content === 'function' ? content(close) : content);
    d.addEventListener('close', () => {
      d.remove();
      if (opener && opener.focus) opener.focus();
      resolve(value);
    });
    document.body.append(d);
    d.showModal();
    const first = d.querySelector('input, select, textarea, button:not(.ghost)') || d.querySelector('button');
    if (first) first.focus();
  });
}

/** A yes/no dialog; resolves true when confirmed. */
export function confirmDialog(title, text, confirmLabel, danger = false) {
  return dialog(title, (close) =>
    h('div', {},
      h('p', {}, text),
      h('div', { class: 'dialog-actions' },
        h('button', { type: 'button', class: 'ghost', onclick: () => close(false) }, 'Cancel'),
        h('button', { type: 'button', class: danger ? 'danger' : '', onclick: () => close(true) }, confirmLabel))),
  ).then((v) => v === true);
}

/** A labelled input; returns [wrapper, input]. */
export function field(label, attrs, help) {
  const id = attrs.id || 'f-' + Math.random().toString(36).slice(2, 9);
  const input = h(attrs.tag || 'input', { ...attrs, tag: undefined, id });
  return [h('div', {}, h('label', { for: id }, label), input, help ? h('p', { class: 'field-help' }, help) : null), input];
}

/** A status badge. */
export function badge(status, text) {
  return h('span', { class: 'badge ' + String(status).replace(/[^a-z_]/g, '') }, text || status);
}

export function fmtTime(iso) {
  if (!iso) return '—';
  const d = new Date(iso);
  return isNaN(d) ? iso : d.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
}

/** "in 4 min", "3 h ago": how far an instant is from now. */
export function fmtRelative(iso) {
  if (!iso) return '';
  const ms = new Date(iso).getTime() - Date.now();
  const abs = Math.abs(ms);
  const text = abs < 60e3 ? Math.round(abs / 1e3) + ' s' : abs < 3600e3 ? Math.round(abs / 60e3) + ' min'
    : abs < 172800e3 ? (abs / 3600e3).toFixed(1) + ' h' : Math.round(abs / 86400e3) + ' d';
  return ms >= 0 ? 'in ' + text : text + ' ago';
}

export function fmtNum(n) {
  return n === null || n === undefined ? '—' : Number(n).toLocaleString();
}

/** Micro-dollars as dollars. */
export function fmtCost(micros) {
  return micros === null || micros === undefined ? '—' : '$' + (micros / 1e6).toFixed(micros < 10000 ? 4 : 2);
}

/** A table whose cells carry their header as data-label (the phone layout shows them as cards). */
export function table(headers, rows, cls = 'cards') {
  return h('div', { class: 'table-wrap' },
    h('table', { class: cls },
      h('thead', {}, h('tr', {}, headers.map((x) => h('th', { scope: 'col', class: x.num ? 'num' : null }, x.label || x)))),
      h('tbody', {}, rows.length ? rows.map((cells) => h('tr', {}, cells.map((c, i) =>
        h('td', { 'data-label': headers[i].label || headers[i], class: headers[i].num ? 'num' : null }, c))))
        : h('tr', {}, h('td', { colspan: headers.length, class: 'muted' }, 'Nothing yet.')))));
}

/** A used-percent meter with its number. */
export function meter(percent) {
  const p = Math.max(0, Math.min(100, Number(percent) || 0));
  const bar = h('span', {});
  bar.style.width = p + '%';
  return h('div', { class: 'meter' + (p >= 80 ? ' high' : ''), role: 'img', 'aria-label': p.toFixed(0) + '% used' }, bar);
}
