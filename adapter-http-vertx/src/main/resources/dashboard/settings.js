// The Settings page: routing settings (saved on their version), password change, TOTP.
import { api, setCsrf } from './api.js';
import { h, toast, field } from './ui.js';
import { show, session, start } from './app.js';

const STRATEGIES = {
  capacity_weighted: 'The default: draws an account at random, weighted by the weekly capacity it has left, so fuller accounts get fewer requests.',
  usage_weighted: 'Picks the least used account first (by its weekly window, then the short window).',
  round_robin: 'Picks the account selected least recently: the routable accounts take turns.',
  fill_first: 'Picks the most used account first: drains one account before the next, keeping the others\' quota for later.',
};

function routingForm(s, reload) {
  const error = h('p', { class: 'error-text', role: 'alert' });
  const radios = Object.entries(STRATEGIES).map(([k, text]) => h('div', {},
    h('label', { class: 'inline' }, h('input', { type: 'radio', name: 'routing_strategy', value: k, checked: s.routing_strategy === k }), h('code', {}, k)),
    h('p', { class: 'field-help' }, text)));
  const check = (name, label, help) => h('div', {}, h('label', { class: 'inline' }, h('input', { type: 'checkbox', name, checked: s[name] }), label),
    help ? h('p', { class: 'field-help' }, help) : null);
  const ttl = field('Sticky thread TTL (seconds)', { type: 'number', name: 'sticky_ttl_seconds', min: 60, max: 604800, value: s.sticky_ttl_seconds }, '60 to 604800: how long a conversation stays on its account after its last request.');
  const cap = field('Concurrency cap per account', { type: 'number', name: 'account_stream_limit', min: 1, max: 1000, value: s.account_stream_limit }, 'Requests in flight one account may have at once (1 to 1000).');
  const penalty = field('In-flight penalty (%)', { type: 'number', name: 'account_inflight_penalty_pct', min: 0, max: 100, step: 0.1, value: s.account_inflight_penalty_pct }, 'How much each request in flight lowers an account\'s weight.');
  const retentionSource = s.request_log_retention_source === 'settings'
    ? 'In effect now: saved here.'
    : 'In effect now: CODEX_LB_REQUEST_LOG_RETENTION_DAYS (nothing saved here yet); saving a value here overrides it.';
  const retention = field('Request-log retention (days)', { type: 'number', name: 'request_log_retention_days', min: 0, max: 36500, value: s.request_log_retention_days },
    '0 keeps every request log; otherwise the hourly upkeep deletes older ones (and their usage rollups). ' + retentionSource);
  retention[0].setAttribute('data-source', s.request_log_retention_source || '');
  const form = h('form', { class: 'panel', id: 'routing-settings' }, h('h2', {}, 'Routing'),
    h('fieldset', {}, h('legend', {}, 'Routing strategy'), radios),
    check('prefer_earlier_reset', 'Prefer earlier reset', 'Among equal accounts, prefer the one whose quota resets soonest.'),
    check('sticky_threads_enabled', 'Sticky threads', 'Keep a conversation (its session id) on the same account.'),
    ttl[0], cap[0], penalty[0], h('h3', {}, 'Request logs'), retention[0], error,
    h('div', { class: 'dialog-actions' }, h('button', { type: 'submit' }, 'Save settings')));
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    error.textContent = '';
    const v = (n) => form.elements[n];
    // The retention is sent only when edited: saving the routing must not turn the environment's
    // value into a stored one (a stored value always wins over the variable).
    const days = Number(v('request_log_retention_days').value);
    const changes = days !== s.request_log_retention_days ? { request_log_retention_days: days } : {};
    try {
      const saved = await api('PUT', '/api/settings', {
        ...changes,
        version: s.version,
        routing_strategy: form.querySelector('input[name=routing_strategy]:checked').value,
        prefer_earlier_reset: v('prefer_earlier_reset').checked,
        sticky_threads_enabled: v('sticky_threads_enabled').checked,
        sticky_ttl_seconds: Number(v('sticky_ttl_seconds').value),
        account_stream_limit: Number(v('account_stream_limit').value),
        account_inflight_penalty_pct: Number(v('account_inflight_penalty_pct').value),
      });
      toast('Settings saved (version ' + saved.version + ').');
      reload();
    } catch (e) {
      error.textContent = e.code === 'settings_conflict' ? 'Someone else saved the settings meanwhile; they are shown again: check and save.' : e.message;
      if (e.code === 'settings_conflict') reload();
    }
  });
  return form;
}

function passwordForm() {
  const current = field('Current password', { type: 'password', name: 'current_password', autocomplete: 'current-password' });
  const next = field('New password', { type: 'password', name: 'new_password', autocomplete: 'new-password', minlength: 8 }, 'At least 8 characters. Every session ends: you log in again.');
  const error = h('p', { class: 'error-text', role: 'alert' });
  const form = h('form', { class: 'panel', id: 'password-change' }, h('h2', {}, 'Password'), current[0], next[0], error,
    h('div', { class: 'dialog-actions' }, h('button', { type: 'submit' }, 'Change password')));
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    error.textContent = '';
    try {
      await api('POST', '/api/dashboard-auth/password/change', { current_password: current[1].value, new_password: next[1].value }, { quiet401: true });
      setCsrf(null);
      toast('Password changed: log in with the new one.');
      start();
    } catch (e) {
      error.textContent = e.code === 'invalid_credentials' ? 'The current password is wrong.' : e.message;
    }
  });
  return form;
}

function totpSection() {
  const box = h('section', { class: 'panel', id: 'totp' }, h('h2', {}, 'Two-factor login (TOTP)'));
  const error = h('p', { class: 'error-text', role: 'alert' });
  const codeField = (label) => field(label, { name: 'code', inputmode: 'numeric', autocomplete: 'one-time-code', maxlength: 6, pattern: '[0-9]{6}' });
  const render = () => {
    error.textContent = '';
    if (session.info.totp_enabled) {
      const code = codeField('Current code');
      const form = h('form', {}, h('p', {}, 'TOTP is on: every login asks for a code.'), code[0], error,
        h('div', { class: 'dialog-actions' }, h('button', { type: 'submit', class: 'danger' }, 'Turn TOTP off')));
      form.addEventListener('submit', async (ev) => {
        ev.preventDefault();
        try {
          await api('POST', '/api/dashboard-auth/totp/disable', { code: code[1].value.trim() });
          session.info.totp_enabled = false;
          toast('TOTP is off.');
          render();
        } catch (e) {
          error.textContent = e.message;
        }
      });
      box.replaceChildren(box.firstChild, form);
    } else {
      const begin = h('button', { type: 'button', id: 'totp-start', onclick: async () => {
        try {
          const setup = await api('POST', '/api/dashboard-auth/totp/setup/start');
          const code = codeField('Code from the app');
          const form = h('form', {},
            h('p', {}, 'Scan the QR code with an authenticator app (or enter the secret), then enter the code it shows. The secret is shown only now.'),
            h('img', { class: 'qr', alt: 'QR code of the TOTP secret', src: 'data:image/svg+xml;base64,' + btoa(setup.otpauth_qr_svg) }),
            h('p', { class: 'secret' }, 'Secret: ', h('code', { id: 'totp-secret' }, setup.secret)),
            code[0], error, h('div', { class: 'dialog-actions' }, h('button', { type: 'submit' }, 'Turn TOTP on')));
          form.addEventListener('submit', async (ev) => {
            ev.preventDefault();
            try {
              await api('POST', '/api/dashboard-auth/totp/setup/confirm', { code: code[1].value.trim() });
              session.info.totp_enabled = true;
              toast('TOTP is on: the next login asks for a code.');
              render();
            } catch (e) {
              error.textContent = e.message;
            }
          });
          box.replaceChildren(box.firstChild, form);
          code[1].focus();
        } catch (e) {
          error.textContent = e.message;
        }
      } }, 'Set up TOTP');
      box.replaceChildren(box.firstChild, h('p', {}, 'TOTP is off: a password alone logs in.'), error, begin);
    }
  };
  render();
  return box;
}

export async function settingsPage() {
  const routing = h('div');
  const load = async () => {
    try {
      routing.replaceChildren(routingForm(await api('GET', '/api/settings'), load));
    } catch (e) {
      routing.replaceChildren(h('p', { class: 'error-text', role: 'alert' }, e.message));
    }
  };
  show('Settings', h('div', {}, h('h1', {}, 'Settings'), routing,
    h('div', { class: 'grid' }, passwordForm(), totpSection())));
  await load();
}
