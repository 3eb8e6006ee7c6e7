// The Accounts page and the "Add Account" dialog (OAuth: "Browser" or "Device code").
import { api } from './api.js';
import { h, toast, act, dialog, confirmDialog, field, badge, fmtTime, fmtRelative, table } from './ui.js';
import { show, quotaCell, refreshBanner } from './app.js';

const REASONS = {
  eligible: 'Routable: the next request may get it.',
  rate_limited: 'Rate limited upstream: skipped until the limit resets.',
  quota_exceeded: 'Over its quota: skipped until the quota window resets.',
  error_backoff: 'Backing off after consecutive upstream errors.',
  paused: 'Paused by an administrator: "Reactivate" to route to it again.',
  reauth_required: 'Its login no longer works: "Re-login".',
  deactivated: 'Deactivated: not routed to.',
  concurrency_cap: 'At its concurrency cap: busy with its maximum of requests in flight.',
};

/** Whether a new login can bring the account back (h15's `relogin_fixes`, else the older status). */
function reloginFixes(a) {
  if (typeof a.relogin_fixes === 'boolean') return a.relogin_fixes;
  return a.status === 'reauth_required';
}

function statusCell(a) {
  // `status_reason` is the sentence for people; `deactivation_reason` the code (shown too, as
  // it is what logs and the admin API name).
  const code = a.deactivation_reason;
  const reason = a.status_reason || (code ? String(code).replace(/_/g, ' ') : null);
  return h('div', {}, badge(a.status),
    reason ? h('div', { class: 'muted status-reason' }, reason, code && a.status_reason ? h('span', {}, ' (', h('code', {}, code), ')') : null) : null,
    a.status_until ? h('div', { class: 'muted' }, 'until ' + fmtTime(a.status_until) + ' (' + fmtRelative(a.status_until) + ')') : null);
}

function routingCell(a) {
  const r = a.routing;
  if (!r) return h('span', { class: 'muted' }, 'routing not loaded yet');
  return h('div', { class: 'routing' }, badge(r.eligible ? 'eligible' : r.reason, r.eligible ? 'routed' : 'not routed'), ' ',
    h('span', {}, REASONS[r.reason] || r.reason),
    r.until ? h('div', { class: 'muted' }, 'until ' + fmtTime(r.until)) : null,
    h('div', { class: 'muted' }, r.requests_in_flight + ' in flight' + (r.score !== null && r.score !== undefined ? ', score ' + Number(r.score).toFixed(2) : '')));
}

function actionsCell(a, reload) {
  const name = a.email || a.id;
  const post = (verb, label) => h('button', { type: 'button', class: 'ghost', 'data-action': verb, onclick: () =>
    act(() => api('POST', '/api/accounts/' + encodeURIComponent(a.id) + '/' + verb), name + ': ' + label).then(reload) }, verb === 'pause' ? 'Pause' : 'Reactivate');
  const canPause = ['active', 'rate_limited', 'quota_exceeded'].includes(a.status);
  const canReactivate = a.status !== 'active' && !(a.status === 'reauth_required' || (a.status === 'deactivated' && reloginFixes(a)));
  return h('div', { class: 'actions' },
    canPause ? post('pause', 'paused') : null,
    canReactivate ? post('reactivate', 'reactivated') : null,
    reloginFixes(a) ? h('button', { type: 'button', 'data-action': 'relogin', onclick: () => addAccountDialog(reload, name) }, 'Re-login') : null,
    h('button', { type: 'button', class: 'danger', 'data-action': 'delete', onclick: async () => {
      if (await confirmDialog('Delete account', 'Delete ' + name + '? Its tokens are removed; add it again with "Add Account".', 'Delete', true)) {
        act(() => api('DELETE', '/api/accounts/' + encodeURIComponent(a.id)), name + ' deleted').then(reload);
      }
    } }, 'Delete'));
}

export async function accountsPage() {
  const out = h('div');
  const error = h('p', { class: 'error-text', role: 'alert' });
  const refresh = async () => {
    try {
      const accounts = await api('GET', '/api/accounts');
      error.textContent = '';
      out.replaceChildren(table(['Account', 'Plan', 'Status', 'Quota windows', 'Routing', 'Actions'],
        accounts.map((a) => {
          const row = [h('div', {}, h('b', {}, a.email || '—'), h('div', {}, h('code', { class: 'muted' }, a.id))), a.plan_type || '—',
            statusCell(a), quotaCell(a), routingCell(a), actionsCell(a, refresh)];
          return row;
        })));
      out.querySelectorAll('tbody tr').forEach((tr, i) => accounts[i] && tr.setAttribute('data-account-id', accounts[i].id));
      refreshBanner();
    } catch (e) {
      error.textContent = e.message;
    }
  };
  show('Accounts', h('div', {}, h('div', { class: 'page-head' }, h('h1', {}, 'Accounts'),
    h('button', { type: 'button', id: 'add-account', onclick: () => addAccountDialog(refresh) }, 'Add Account')),
  error, h('section', { class: 'panel' }, out)), refresh);
  await refresh();
}

/**
 * The OAuth dialog: "Browser" (the authorize link, then the callback or a pasted redirected URL)
 * or "Device code" (the user code and verification URL). Polls the flow until it ends.
 */
export function addAccountDialog(reload, relogin) {
  let timer = null;
  let flow = null;
  const status = h('p', { role: 'status', id: 'oauth-status' });
  const body = h('div', { id: 'oauth-body' });
  const stop = () => clearTimeout(timer);
  const finish = (r) => {
    stop();
    if (r.status === 'completed') {
      status.className = 'ok-text';
      status.textContent = (r.created === false ? 'Account updated: ' : 'Account added: ') + (r.email || r.account_id || '') + '.';
      toast(status.textContent);
      if (reload) reload();
    } else {
      status.className = 'error-text';
      status.textContent = 'Login Failed: ' + (r.error_message || r.error_code || r.status) + (r.status === 'expired' ? ' (the flow expired: start again)' : '');
    }
  };
  const poll = (seconds) => {
    timer = setTimeout(async () => {
      try {
        const r = await api('GET', '/api/oauth/status?flow_id=' + encodeURIComponent(flow.flow_id));
        if (r.status === 'pending') poll(seconds);
        else finish(r);
      } catch (e) {
        status.className = 'error-text';
        status.textContent = e.message;
      }
    }, seconds * 1000);
  };
  const begin = async (method) => {
    stop();
    body.replaceChildren();
    status.className = '';
    status.textContent = 'Starting…';
    try {
      flow = await api('POST', '/api/oauth/start', { method });
    } catch (e) {
      status.className = 'error-text';
      status.textContent = e.message;
      return;
    }
    // A start can answer a flow that already ended: a device login where OpenAI offers no device
    // codes is `failed` with `device_auth_unavailable` at once.
    if (flow.status && flow.status !== 'pending') {
      finish(flow);
      if (flow.error_code === 'device_auth_unavailable') status.textContent += ' Use the "Browser" login.';
      return;
    }
    status.textContent = 'Waiting for the login to finish…';
    if (flow.method === 'device') {
      body.replaceChildren(h('p', {}, 'Open ', h('a', { href: flow.verification_url, target: '_blank', rel: 'noopener noreferrer', id: 'oauth-verification-url' }, flow.verification_url),
        ' and enter this code:'), h('p', { class: 'secret' }, h('code', { id: 'oauth-user-code' }, flow.user_code)),
      h('p', { class: 'muted' }, 'Expires ' + fmtRelative(flow.expires_at) + '.'));
      poll(Math.max(1, Number(flow.interval_seconds) || 5));
    } else {
      const pasted = field('Redirected URL', { name: 'callback_url', id: 'oauth-callback-url', placeholder: 'http://localhost:1455/auth/callback?code=…&state=…' },
        flow.callback_listening ? 'If the browser that logs in is not on this server\'s machine, paste the address it ends on here.' : 'The callback port is not listening here: after logging in, paste the address the browser ends on.');
      const submit = h('button', { type: 'button', id: 'oauth-submit-url', onclick: async () => {
        try {
          const r = await api('POST', '/api/oauth/manual-callback', { flow_id: flow.flow_id, callback_url: pasted[1].value.trim() });
          if (r.status !== 'pending') finish(r);
        } catch (e) {
          status.className = 'error-text';
          // 400 invalid_oauth_state: the flow no longer waits for a callback (the callback
          // listener already took it, or it ended): the poll shows how it ended.
          status.textContent = e.code === 'invalid_oauth_state'
            ? 'This login no longer waits for a redirected URL (it already finished or ended): see below, or start again.'
            : e.message;
        }
      } }, 'Submit URL');
      body.replaceChildren(h('p', {}, h('a', { href: flow.authorize_url, target: '_blank', rel: 'noopener noreferrer', id: 'oauth-authorize-url' }, 'Open the OpenAI login'),
        ' and sign in with the ChatGPT account.'), pasted[0], h('div', { class: 'actions' }, submit));
      poll(2);
    }
  };
  const tab = (label, method) => h('button', { type: 'button', role: 'tab', 'aria-selected': 'false', 'data-method': method, onclick: (ev) => {
    ev.currentTarget.parentElement.querySelectorAll('button').forEach((b) => b.setAttribute('aria-selected', String(b === ev.currentTarget)));
    begin(method);
  } }, label);
  return dialog(relogin ? 'Re-login ' + relogin : 'Add Account', (close) => h('div', {},
    h('p', { class: 'muted' }, 'Sign in with the ChatGPT account. "Browser" opens the OpenAI login; "Device code" works when this server cannot receive the browser\'s callback.'),
    h('div', { class: 'tabs', role: 'tablist' }, tab('Browser', 'browser'), tab('Device code', 'device')),
    body, status,
    h('div', { class: 'dialog-actions' }, h('button', { type: 'button', class: 'ghost', onclick: () => close() }, 'Close')))).then(stop);
}
