// The admin API client: JSON in and out, the session's CSRF token on every state-changing call,
// and the error envelope {"error":{"code","message"}} turned into an ApiError.

/** An answer outside 2xx: `code` and `message` come from the server's error envelope. */
export class ApiError extends Error {
  constructor(status, code, message, retryAfter) {
    super(message);
    this.status = status;
    this.code = code;
    this.retryAfter = retryAfter;
  }
}

let csrfToken = null;

/** Remembers the CSRF token of the current session (from the session or login answer). */
export function setCsrf(token) {
  csrfToken = token || null;
}

/** Listeners told when a call finds the session gone (401), so the app can show the login page. */
const unauthorizedListeners = [];
export function onUnauthorized(listener) {
  unauthorizedListeners.push(listener);
}

/**
 * Calls the admin API. Resolves to the parsed body (null for 204); rejects with an ApiError.
 * `options.quiet401` keeps a 401 from sending the app to the login page (the login forms).
 */
export async function api(method, path, body, options = {}) {
  const headers = { Accept: 'application/json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (method !== 'GET' && method !== 'HEAD' && csrfToken) headers['X-CSRF-Token'] = csrfToken;
  Object.assign(headers, options.headers || {});
  let response;
  try {
    response = await fetch(path, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      credentials: 'same-origin',
      cache: 'no-store',
    });
  } catch (e) {
    throw new ApiError(0, 'network_error', 'The server did not answer: is codex-lb running?');
  }
  if (response.status === 204) return null;
  let payload = null;
  const text = await response.text();
  if (text) {
    try {
      payload = JSON.parse(text);
    } catch (e) {
      payload = null;
    }
  }
  if (!response.ok) {
    const error = (payload && payload.error) || {};
    const failure = new ApiError(
      response.status,
      error.code || 'http_' + response.status,
      error.message || 'The server answered ' + response.status + '.',
      response.headers.get('Retry-After'),
    );
    if (response.status === 401 && !options.quiet401 && failure.code !== 'totp_required') {
      unauthorizedListeners.forEach((l) => l(failure));
    }
    throw failure;
  }
  return payload;
}

/** A query string from the non-empty values of `params`. */
export function query(params) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (v !== undefined && v !== null && v !== '') q.set(k, v);
  }
  const s = q.toString();
  return s ? '?' + s : '';
}
