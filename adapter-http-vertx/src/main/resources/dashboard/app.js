// The dashboard: a hash router over the pages, the sign-in steps, and polling while visible.
import { api, setCsrf, onUnauthorized, query } from './api.js';
import { h, toast, act, dialog, confirmDialog, field, badge, fmtTime, fmtRelative, fmtNum, fmtCost, table, meter } from './ui.js';
import { barChart, series } from './charts.js';
import { accountsPage, addAccountDialog } from './accounts.js';
import { apiKeysPage } from './keys.js';
import { settingsPage } from './settings.js';

/** How often a page that shows live state asks again, while the tab is visible. */
const POLL_MS = 5000;
const HOUR = 3600e3;

export const session = { info: null };
const main = document.getElementById('main');
let pollTimer = null;
let currentRefresh = null;

// ---- theme ----
function applyTheme(theme) {
  if (theme) document.documentElement.dataset.theme = theme;
  else delete document.documentElement.dataset.theme;
}
applyTheme(localStorage.getItem('codex-lb-theme'));
document.getElementById('theme-toggle').addEventListener('click', () => {
  const dark = document.documentElement.dataset.theme
    ? document.documentElement.dataset.theme === 'dark'
    : matchMedia('(prefers-color-scheme: dark)').matches;
  const next = dark ? 'light' : 'dark';
  localStorage.setItem('codex-lb-theme', next);
  applyTheme(next);
});

// ---- polling: only the visible page, only while the tab is visible ----
function schedule() {
  clearTimeout(pollTimer);
  if (currentRefresh && document.visibilityState === 'visible') {
    pollTimer = setTimeout(async () => {
      try {
        await currentRefresh();
      } catch (e) {
        // The page shows its own error; keep polling so it recovers when the server does.
      }
      schedule();
    }, POLL_MS);
  }
}
document.addEventListener('visibilitychange', schedule);

/** Replaces the page; `refresh` (optional) redraws its live parts and is polled. */
export function show(title, content, refresh) {
  document.title = title + ' · codex-lb';
  main.replaceChildren(content);
  currentRefresh = refresh || null;
  schedule();
}

// ---- sign-in ----
const LOGIN_MESSAGES = {
  invalid_credentials: 'Wrong password. Check it, or reset it on the server with: java -jar codex-lb.jar admin reset-password',
  invalid_totp_code: 'That code is wrong, outside the ±30 s window, or already used. Check the clock of the device with the authenticator and enter the next code.',
  session_expired: 'Your session expired. Log in again.',
  authentication_required: 'Log in to continue.',
  csrf_token_invalid: 'The request was refused as cross-site. Reload the page, or delete the cookies for this site and log in again.',
  too_many_attempts: 'Too many attempts from this address.',
  admin_forbidden: 'No password is set yet, and this browser is not on the server itself: enter the bootstrap token printed in the server log.',
  bootstrap_token_invalid: 'The bootstrap token is wrong or already used. Use the token printed in the server log at its last start.',
  password_too_short: 'The password needs at least 8 characters.',
  password_too_long: 'The password may have at most 1024 characters.',
  store_unavailable: 'The server\'s database is not available yet; try again in a moment.',
};
function loginMessage(e) {
  let m = LOGIN_MESSAGES[e.code] || e.message;
  if (e.code === 'too_many_attempts' && e.retryAfter) m += ' Try again in ' + e.retryAfter + ' s.';
  return m;
}

function authPage(title, intro, fields, submitLabel, onSubmit) {
  const error = h('p', { class: 'error-text', role: 'alert', id: 'login-error' });
  const form = h('form', { class: 'panel login', novalidate: true }, h('h1', {}, title), intro ? h('p', { class: 'muted' }, intro) : null,
    fields.map((f) => f[0]), error, h('div', { class: 'dialog-actions' }, h('button', { type: 'submit' }, submitLabel)));
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    error.textContent = '';
    const button = form.querySelector('button[type=submit]');
    button.disabled = true;
    try {
      await onSubmit();
    } catch (e) {
      error.textContent = loginMessage(e);
    } finally {
      button.disabled = false;
    }
  });
  document.getElementById('top').hidden = true;
  document.getElementById('banner').hidden = true;
  show(title, form);
  fields[0][1].focus();
}

function setupPage() {
  const pw = field('New password', { type: 'password', autocomplete: 'new-password', name: 'password', required: true, minlength: 8 }, 'At least 8 characters.');
  const pw2 = field('Repeat the password', { type: 'password', autocomplete: 'new-password', name: 'password2', required: true });
  // The session answer cannot tell a loopback browser from a remote one: the token is optional,
  // and the server asks for it (admin_forbidden) only from a remote one.
  const token = field('Bootstrap token (remote browsers only)', { type: 'text', name: 'bootstrap_token', autocomplete: 'off' }, 'Printed in the server log at start. Leave empty when this browser runs on the server itself.');
  const fields = [pw, pw2, token];
  authPage('Set the admin password', 'No password is set yet. Choose the one that protects this dashboard.', fields, 'Set password', async () => {
    if (pw[1].value !== pw2[1].value) throw { message: 'The two passwords differ.' };
    const headers = token[1].value.trim() ? { 'X-Bootstrap-Token': token[1].value.trim() } : {};
    await api('POST', '/api/dashboard-auth/password/setup', { password: pw[1].value }, { headers, quiet401: true });
    toast('Password set. Log in with it.');
    await start();
  });
}

function loginPage(notice) {
  const pw = field('Password', { type: 'password', autocomplete: 'current-password', name: 'password', required: true });
  authPage('Log in', notice, [pw], 'Log in', async () => {
    try {
      const r = await api('POST', '/api/dashboard-auth/password/login', { password: pw[1].value }, { quiet401: true });
      setCsrf(r.csrf_token);
      await start();
    } catch (e) {
      if (e.code === 'totp_required') totpPage();
      else throw e;
    }
  });
}

function totpPage() {
  const code = field('Authenticator code', { type: 'text', inputmode: 'numeric', autocomplete: 'one-time-code', name: 'code', pattern: '[0-9]{6}', maxlength: 6, required: true });
  authPage('Two-factor code', 'Enter the 6-digit code from your authenticator app.', [code], 'Verify', async () => {
    const r = await api('POST', '/api/dashboard-auth/totp/verify', { code: code[1].value.trim() }, { quiet401: true });
    setCsrf(r.csrf_token);
    await start();
  });
}

onUnauthorized((e) => {
  currentRefresh = null;
  loginPage(LOGIN_MESSAGES[e.code] || e.message);
});

document.getElementById('logout').addEventListener('click', () =>
  act(async () => {
    await api('POST', '/api/dashboard-auth/logout', undefined, { quiet401: true });
    setCsrf(null);
    loginPage('You are logged out.');
  }));

// ---- pages ----
function banner(accounts) {
  const el = document.getElementById('banner');
  if (!accounts || accounts.length === 0) {
    el.hidden = accounts === null;
    if (accounts) el.textContent = 'No accounts yet: add one on the Accounts page ("Add Account").';
    return;
  }
  const eligible = accounts.some((a) => a.routing ? a.routing.eligible : a.status === 'active');
  if (eligible) {
    el.hidden = true;
    return;
  }
  const backs = accounts.map((a) => (a.routing && a.routing.until) || a.status_until).filter(Boolean).map((t) => new Date(t)).sort((a, b) => a - b);
  el.textContent = 'No available accounts: every account is rate limited, over quota, paused or deactivated. '
    + (backs.length ? 'The first one comes back ' + fmtRelative(backs[0].toISOString()) + ' (' + fmtTime(backs[0].toISOString()) + ').' : 'None comes back by itself: reactivate or add an account.');
  el.hidden = false;
}

/** Loads the accounts for the banner (every page shows it). */
export async function refreshBanner() {
  try {
    banner(await api('GET', '/api/accounts'));
  } catch (e) {
    // The page itself reports errors; the banner just stays as it was.
  }
}

const STATUSES = ['active', 'rate_limited', 'quota_exceeded', 'paused', 'deactivated'];

function windowLabel(minutes) {
  if (!minutes) return '';
  if (minutes % 1440 === 0) return minutes / 1440 + ' d';
  if (minutes % 60 === 0) return minutes / 60 + ' h';
  return minutes + ' min';
}

/** The quota windows of an account: used percent, window length, next reset. */
export function quotaCell(account) {
  const u = account.usage || {};
  const parts = ['primary', 'secondary'].filter((k) => u[k]).map((k) => h('div', {},
    h('span', {}, (windowLabel(u[k].window_minutes) || k) + ': ' + Number(u[k].used_percent).toFixed(0) + '%'),
    meter(u[k].used_percent),
    u[k].reset_at ? h('span', { class: 'muted' }, 'resets ' + fmtRelative(u[k].reset_at)) : null));
  return parts.length ? parts : h('span', { class: 'muted' }, 'not reported yet');
}

async function overviewPage() {
  const stats = h('div', { class: 'stats' });
  const quota = h('div');
  const charts = h('div', { class: 'grid' });
  const latest = h('div');
  const error = h('p', { class: 'error-text', role: 'alert' });
  const refresh = async () => {
    try {
      const to = new Date(Math.ceil(Date.now() / HOUR) * HOUR);
      const from = new Date(to.getTime() - 24 * HOUR);
      const [accounts, history, logs] = await Promise.all([
        api('GET', '/api/accounts'),
        api('GET', '/api/usage/history' + query({ from: from.toISOString(), to: to.toISOString(), group_by: 'model', bucket: 'hour' })),
        api('GET', '/api/request-logs' + query({ limit: 10 })),
      ]);
      error.textContent = '';
      banner(accounts);
      stats.replaceChildren(...STATUSES.map((st) => h('div', { class: 'stat' },
        h('b', { 'data-status': st }, accounts.filter((a) => a.status === st || (st === 'deactivated' && a.status === 'reauth_required')).length), badge(st))));
      quota.replaceChildren(table(['Account', 'Status', 'Quota windows'],
        accounts.map((a) => [a.email || a.id, badge(a.status), quotaCell(a)])));
      const rows = history.buckets || [];
      charts.replaceChildren(
        barChart('Requests, last 24 h', series(rows, from, to, HOUR, (r) => r.requests), fmtNum),
        barChart('Tokens, last 24 h', series(rows, from, to, HOUR, (r) => r.input_tokens + r.output_tokens), fmtNum),
        barChart('Errors, last 24 h', series(rows, from, to, HOUR, (r) => r.errors), fmtNum, true));
      latest.replaceChildren(logsTable(logs.request_logs || []));
    } catch (e) {
      error.textContent = e.message;
    }
  };
  show('Overview', h('div', {}, h('h1', {}, 'Overview'), error,
    h('section', { class: 'panel', 'aria-labelledby': 'h-pool' }, h('h2', { id: 'h-pool' }, 'Accounts by status'), stats),
    charts,
    h('section', { class: 'panel', 'aria-labelledby': 'h-quota' }, h('h2', { id: 'h-quota' }, 'Quota'), quota),
    h('section', { class: 'panel', 'aria-labelledby': 'h-latest' }, h('h2', { id: 'h-latest' }, 'Latest requests'), latest)), refresh);
  await refresh();
}

export function logsTable(logs) {
  return table(['Time', 'Request id', 'Key', 'Account', 'Model', 'Status', 'Error code',
    { label: 'Tokens in/out', num: true }, { label: 'Cost', num: true }, { label: 'Latency', num: true }, { label: 'First token', num: true }],
  logs.map((l) => [fmtTime(l.requested_at), h('code', { class: 'request-id' }, l.request_id), l.api_key_id ? h('code', {}, short(l.api_key_id)) : '—',
    l.account_id ? h('code', {}, short(l.account_id)) : '—', l.model || '—',
    badge(l.status_code >= 400 ? 'error' : 'active', String(l.status_code)), l.error_code || '—',
    fmtNum(l.input_tokens) + ' / ' + fmtNum(l.output_tokens), fmtCost(l.cost_micros),
    l.latency_ms === null ? '—' : l.latency_ms + ' ms', l.first_token_ms === null ? '—' : l.first_token_ms + ' ms']));
}

function short(id) {
  return String(id).length > 14 ? String(id).slice(0, 12) + '…' : id;
}

function requestLogsPage(params) {
  const f = (label, name, attrs = {}) => field(label, { name, value: params.get(name) || '', ...attrs });
  const fields = [f('Request id', 'request_id', { placeholder: 'X-Request-ID or the server\'s id' }), f('Key id', 'api_key_id'), f('Account id', 'account_id'),
    f('Model', 'model'), f('Status code', 'status_code', { inputmode: 'numeric' }), f('Error code', 'error_code'),
    f('From', 'from', { placeholder: '2026-12-01T00:00:00Z' }), f('To', 'to')];
  const out = h('div');
  const pager = h('div', { class: 'pager' });
  const error = h('p', { class: 'error-text', role: 'alert' });
  const form = h('form', { class: 'panel', role: 'search' }, h('div', { class: 'row' }, fields.map((x) => x[0]),
    h('div', {}, h('button', { type: 'submit' }, 'Filter'), ' ', h('button', { type: 'reset', class: 'ghost' }, 'Clear'))));
  const filters = () => Object.fromEntries(fields.map(([, i]) => [i.name, i.value.trim()]));
  const load = async (cursor) => {
    try {
      const r = await api('GET', '/api/request-logs' + query({ ...filters(), limit: 50, cursor }));
      error.textContent = '';
      out.replaceChildren(logsTable(r.request_logs));
      pager.replaceChildren(cursor ? h('button', { type: 'button', class: 'ghost', onclick: () => load() }, 'First page') : '',
        r.next_cursor ? h('button', { type: 'button', onclick: () => load(r.next_cursor) }, 'Next page') : h('span', { class: 'muted' }, 'Last page.'));
    } catch (e) {
      error.textContent = e.message;
    }
  };
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    history.replaceState(null, '', '#/request-logs' + query(filters()));
    load();
  });
  form.addEventListener('reset', () => setTimeout(() => form.requestSubmit(), 0));
  show('Request logs', h('div', {}, h('h1', {}, 'Request logs'),
    h('p', { class: 'muted' }, 'Newest first; the last day unless From/To say otherwise. Paste the X-Request-ID a user reports into Request id.'),
    form, error, h('section', { class: 'panel' }, out, pager)));
  load();
}

const PALETTE = ['#2158d4', '#c2410c', '#18794e', '#9333ea', '#0e7490', '#b45309', '#be123c', '#4d7c0f'];

function usagePage() {
  const range = field('Range', { tag: 'select', name: 'range' });
  [['1', 'Last 24 hours'], ['7', 'Last 7 days'], ['30', 'Last 30 days']].forEach(([v, t]) => range[1].append(h('option', { value: v }, t)));
  range[1].value = '7';
  const group = field('Per', { tag: 'select', name: 'group_by' });
  [['api_key', 'API key'], ['account', 'Account'], ['model', 'Model']].forEach(([v, t]) => group[1].append(h('option', { value: v }, t)));
  const out = h('div');
  const error = h('p', { class: 'error-text', role: 'alert' });
  const load = async () => {
    const days = Number(range[1].value);
    const step = days === 1 ? HOUR : 24 * HOUR;
    const to = new Date(Math.ceil(Date.now() / step) * step);
    const from = new Date(to.getTime() - days * 24 * HOUR);
    const by = group[1].value;
    try {
      const [hist, sum] = await Promise.all([
        api('GET', '/api/usage/history' + query({ from: from.toISOString(), to: to.toISOString(), group_by: by, bucket: days === 1 ? 'hour' : 'day' })),
        api('GET', '/api/usage/summary' + query({ from: from.toISOString(), to: to.toISOString(), group_by: by })),
      ]);
      error.textContent = '';
      const groups = [...new Set(hist.buckets.map((r) => r.group))];
      const chartsFor = (title, value, fmt) => h('div', {}, barChart(title + ' (all)', series(hist.buckets, from, to, step, value), fmt),
        h('div', { class: 'legend' }, groups.slice(0, PALETTE.length).map((g, i) => {
          const sw = h('i', {});
          sw.style.background = PALETTE[i];
          return h('span', {}, sw, (g === null ? '(none)' : g) + ': ' + fmt(hist.buckets.filter((r) => r.group === g).reduce((a, r) => a + value(r), 0)));
        })));
      out.replaceChildren(h('div', { class: 'grid' },
        chartsFor('Requests', (r) => r.requests, fmtNum),
        chartsFor('Tokens', (r) => r.input_tokens + r.output_tokens, fmtNum),
        chartsFor('Cost', (r) => r.cost_micros, fmtCost)),
      h('section', { class: 'panel' }, h('h2', {}, 'Totals'), table([group[1].selectedOptions[0].textContent, { label: 'Requests', num: true }, { label: 'Errors', num: true },
        { label: 'Input tokens', num: true }, { label: 'Output tokens', num: true }, { label: 'Cached', num: true }, { label: 'Cost', num: true }],
      sum.totals.map((t) => [t.group === null ? '(none)' : h('code', {}, t.group), fmtNum(t.requests), fmtNum(t.errors), fmtNum(t.input_tokens),
        fmtNum(t.output_tokens), fmtNum(t.cached_input_tokens), fmtCost(t.cost_micros)]))));
    } catch (e) {
      error.textContent = e.message;
    }
  };
  range[1].addEventListener('change', load);
  group[1].addEventListener('change', load);
  show('Usage', h('div', {}, h('h1', {}, 'Usage'), h('form', { class: 'panel' }, h('div', { class: 'row' }, range[0], group[0])), error, out));
  load();
}

function auditPage() {
  const action = field('Action', { name: 'action', placeholder: 'e.g. api_key.update' });
  const out = h('div');
  const pager = h('div', { class: 'pager' });
  const error = h('p', { class: 'error-text', role: 'alert' });
  const changes = (e) => {
    const before = e.before || {};
    const after = e.after || {};
    const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].filter((k) => JSON.stringify(before[k]) !== JSON.stringify(after[k]));
    return keys.length ? h('ul', {}, keys.map((k) => h('li', {}, h('code', {}, k), ': ', JSON.stringify(before[k] ?? null), ' → ', JSON.stringify(after[k] ?? null)))) : '—';
  };
  const load = async (cursor) => {
    try {
      const r = await api('GET', '/api/audit-logs' + query({ action: action[1].value.trim(), limit: 50, cursor }));
      error.textContent = '';
      out.replaceChildren(table(['When', 'Who', 'From', 'Action', 'Target', 'Changes'],
        r.entries.map((e) => [fmtTime(e.at), e.actor, e.address || '—', h('code', {}, e.action), e.target_id ? h('code', {}, short(e.target_id)) : '—', changes(e)])));
      pager.replaceChildren(cursor ? h('button', { type: 'button', class: 'ghost', onclick: () => load() }, 'First page') : '',
        r.next_cursor ? h('button', { type: 'button', onclick: () => load(r.next_cursor) }, 'Next page') : h('span', { class: 'muted' }, 'Last page.'));
    } catch (e) {
      error.textContent = e.message;
    }
  };
  const form = h('form', { class: 'panel', role: 'search' }, h('div', { class: 'row' }, action[0], h('div', {}, h('button', { type: 'submit' }, 'Filter'))));
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    load();
  });
  show('Audit log', h('div', {}, h('h1', {}, 'Audit log'), h('p', { class: 'muted' }, 'Who changed what and when, newest first.'), form, error, h('section', { class: 'panel' }, out, pager)));
  load();
}

const PAGES = {
  overview: overviewPage,
  accounts: accountsPage,
  'api-keys': apiKeysPage,
  'request-logs': requestLogsPage,
  usage: usagePage,
  'audit-log': auditPage,
  settings: settingsPage,
};

function route() {
  if (!session.info || !session.info.authenticated) return;
  const [path, q] = (location.hash.replace(/^#\/?/, '') || 'overview').split('?');
  const page = PAGES[path] ? path : 'overview';
  document.querySelectorAll('#nav a').forEach((a) => (a.getAttribute('href') === '#/' + page ? a.setAttribute('aria-current', 'page') : a.removeAttribute('aria-current')));
  document.getElementById('top').hidden = false;
  if (page !== 'overview') refreshBanner();
  PAGES[page](new URLSearchParams(q || ''));
  main.focus({ preventScroll: true });
}
window.addEventListener('hashchange', route);

/** Reads the session and shows what fits: setup, login, the TOTP step, or the page. */
export async function start() {
  let info;
  try {
    info = await api('GET', '/api/dashboard-auth/session', undefined, { quiet401: true });
  } catch (e) {
    main.replaceChildren(h('p', { class: 'error-text', role: 'alert' }, e.message));
    return;
  }
  session.info = info;
  setCsrf(info.csrf_token);
  if (!info.password_required) {
    // No password yet: loopback clients pass as `local`, others need the bootstrap token.
    setupPage();
  } else if (info.totp_pending) {
    totpPage();
  } else if (!info.authenticated) {
    loginPage(info.session_expired ? LOGIN_MESSAGES.session_expired : null);
  } else {
    route();
  }
}

export { addAccountDialog };
start();
