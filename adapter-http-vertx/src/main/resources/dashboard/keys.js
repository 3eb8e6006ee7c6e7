// The API Keys page: limits as current_value of max_value with reset_at, create (the key shown
// once), edit, "Reset usage", regenerate, delete.
import { api } from './api.js';
import { h, toast, act, dialog, confirmDialog, field, badge, fmtTime, fmtNum, table } from './ui.js';
import { show } from './app.js';

const TYPES = ['requests', 'total_tokens', 'input_tokens', 'output_tokens', 'cost_usd'];
const WINDOWS = ['minute', 'hourly', '5h', 'daily', 'weekly', 'monthly'];

function keyStatus(k) {
  if (!k.is_active) return badge('disabled');
  if (k.expires_at && new Date(k.expires_at) <= new Date()) return badge('expired');
  return badge('active');
}

function limitsCell(k) {
  if (!k.limits || !k.limits.length) return h('span', { class: 'muted' }, 'none');
  return h('ul', { class: 'limits' }, k.limits.map((l) => h('li', {},
    h('span', { class: 'limit-value' }, fmtNum(l.current_value) + ' of ' + fmtNum(l.max_value)), ' ', l.limit_type + ' / ' + l.limit_window,
    l.reset_at ? h('span', { class: 'muted' }, ' · resets ' + fmtTime(l.reset_at)) : null)));
}

/** The full key, shown once, with a copy button. */
function showKey(title, k) {
  const code = h('code', { id: 'new-key' }, k.key);
  return dialog(title, (close) => h('div', {},
    h('p', {}, 'Copy the key now: it is shown only this once (the server keeps only its hash).'),
    h('div', { class: 'secret' }, code, h('button', { type: 'button', id: 'copy-key', onclick: async () => {
      try {
        await navigator.clipboard.writeText(k.key);
        toast('Key copied.');
      } catch (e) {
        // No clipboard permission (plain http on another host): select it for Ctrl+C instead.
        getSelection().selectAllChildren(code);
        toast('Select-and-copy: press Ctrl+C (the clipboard is not available here).', true);
      }
    } }, 'Copy')),
    h('div', { class: 'dialog-actions' }, h('button', { type: 'button', onclick: () => close() }, 'Done'))));
}

function limitRow(l = {}) {
  const type = h('select', { name: 'limit_type', 'aria-label': 'Limit type' }, TYPES.map((t) => h('option', { value: t, selected: l.limit_type === t }, t)));
  const win = h('select', { name: 'limit_window', 'aria-label': 'Limit window' }, WINDOWS.map((w) => h('option', { value: w, selected: l.limit_window === w }, w)));
  const max = h('input', { name: 'max_value', type: 'number', min: 0, value: l.max_value ?? '', 'aria-label': 'Maximum', required: true });
  const row = h('div', { class: 'row limit-row' }, type, win, max,
    h('button', { type: 'button', class: 'ghost', 'aria-label': 'Remove this limit', onclick: () => row.remove() }, 'Remove'));
  return row;
}

/** The create/edit form; resolves to the saved key (or undefined when cancelled). */
function keyForm(k) {
  const editing = !!k;
  const name = field('Name', { name: 'name', value: k ? k.name : '', required: true });
  const models = field('Allowed models', { name: 'allowed_models', value: k ? (k.allowed_models || []).join(', ') : '', placeholder: 'every model' }, 'Comma-separated; empty allows every model the server lists.');
  const expires = field('Expires at', { name: 'expires_at', type: 'datetime-local', value: k && k.expires_at ? toLocalInput(k.expires_at) : '' }, 'Empty: never expires.');
  const active = h('input', { type: 'checkbox', name: 'is_active', checked: k ? k.is_active : true });
  const reset = h('input', { type: 'checkbox', name: 'reset_usage' });
  const limits = h('div', { class: 'limits-editor' }, (k ? k.limits : []).map(limitRow));
  const error = h('p', { class: 'error-text', role: 'alert' });
  return dialog(editing ? 'Edit API key' : 'Create API key', (close) => {
    const form = h('form', {}, name[0], models[0], expires[0],
      editing ? h('label', { class: 'inline' }, active, 'Active') : null,
      h('label', {}, 'Limits'), limits,
      h('button', { type: 'button', class: 'ghost', onclick: () => limits.append(limitRow()) }, 'Add limit'),
      editing ? h('div', {}, h('label', { class: 'inline' }, reset, 'Reset usage'), h('p', { class: 'field-help' }, 'Sets every limit\'s count back to zero.')) : null,
      error,
      h('div', { class: 'dialog-actions' }, h('button', { type: 'button', class: 'ghost', onclick: () => close() }, 'Cancel'),
        h('button', { type: 'submit' }, editing ? 'Save' : 'Create')));
    form.addEventListener('submit', async (ev) => {
      ev.preventDefault();
      const body = {
        name: name[1].value.trim(),
        allowed_models: models[1].value.split(',').map((m) => m.trim()).filter(Boolean),
        expires_at: expires[1].value ? new Date(expires[1].value).toISOString() : null,
        limits: [...limits.querySelectorAll('.limit-row')].map((r) => ({
          limit_type: r.querySelector('[name=limit_type]').value,
          limit_window: r.querySelector('[name=limit_window]').value,
          max_value: Number(r.querySelector('[name=max_value]').value),
        })),
      };
      if (editing) {
        body.is_active = active.checked;
        if (reset.checked) body.reset_usage = true;
      } else if (body.expires_at === null) {
        delete body.expires_at;
      }
      try {
        close(editing ? await api('PATCH', '/api/api-keys/' + encodeURIComponent(k.id), body) : await api('POST', '/api/api-keys', body));
      } catch (e) {
        error.textContent = e.message;
      }
    });
    return form;
  });
}

function toLocalInput(iso) {
  const d = new Date(iso);
  const pad = (n) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

export async function apiKeysPage() {
  const out = h('div');
  const error = h('p', { class: 'error-text', role: 'alert' });
  const refresh = async () => {
    try {
      const list = await api('GET', '/api/api-keys');
      // The list holds the definitions; each key's own answer adds current_value and reset_at.
      const keys = await Promise.all(list.map((k) => api('GET', '/api/api-keys/' + encodeURIComponent(k.id))));
      error.textContent = '';
      out.replaceChildren(table(['Name', 'Prefix', 'Status', 'Expires', 'Allowed models', 'Limits', 'Last used', 'Actions'],
        keys.map((k) => [h('b', {}, k.name), h('code', {}, k.key_prefix), keyStatus(k), k.expires_at ? fmtTime(k.expires_at) : 'never',
          k.allowed_models && k.allowed_models.length ? k.allowed_models.join(', ') : 'every model', limitsCell(k), fmtTime(k.last_used_at),
          h('div', { class: 'actions' },
            h('button', { type: 'button', class: 'ghost', 'data-action': 'edit', onclick: async () => {
              const saved = await keyForm(k);
              if (saved) toast('Key "' + saved.name + '" saved.');
              refresh();
            } }, 'Edit'),
            h('button', { type: 'button', class: 'ghost', 'data-action': 'reset', onclick: async () => {
              if (await confirmDialog('Reset usage', 'Set every limit of "' + k.name + '" back to zero?', 'Reset usage')) {
                await act(() => api('PATCH', '/api/api-keys/' + encodeURIComponent(k.id), { reset_usage: true }), 'Usage of "' + k.name + '" reset.');
                refresh();
              }
            } }, 'Reset usage'),
            h('button', { type: 'button', class: 'ghost', 'data-action': 'regenerate', onclick: async () => {
              if (await confirmDialog('Regenerate key', 'Make a new key text for "' + k.name + '"? The old one is refused from the next request on.', 'Regenerate', true)) {
                const r = await act(() => api('POST', '/api/api-keys/' + encodeURIComponent(k.id) + '/regenerate'));
                if (r) await showKey('New key for "' + k.name + '"', r);
                refresh();
              }
            } }, 'Regenerate'),
            h('button', { type: 'button', class: 'danger', 'data-action': 'delete', onclick: async () => {
              if (await confirmDialog('Delete key', 'Delete "' + k.name + '"? Requests with it are refused at once.', 'Delete', true)) {
                await act(() => api('DELETE', '/api/api-keys/' + encodeURIComponent(k.id)), 'Key "' + k.name + '" deleted.');
                refresh();
              }
            } }, 'Delete'))])));
      out.querySelectorAll('tbody tr').forEach((tr, i) => keys[i] && tr.setAttribute('data-key-name', keys[i].name));
    } catch (e) {
      error.textContent = e.message;
    }
  };
  show('API Keys', h('div', {}, h('div', { class: 'page-head' }, h('h1', {}, 'API Keys'),
    h('button', { type: 'button', id: 'create-key', onclick: async () => {
      const created = await keyForm(null);
      if (created) {
        await showKey('Key "' + created.name + '" created', created);
        refresh();
      }
    } }, 'Create key')),
  error, h('section', { class: 'panel' }, out)), refresh);
  await refresh();
}
