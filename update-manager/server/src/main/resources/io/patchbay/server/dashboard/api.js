// Same-origin JSON calls. The session cookie is HttpOnly (this code never sees it); the CSRF token is held here in
// memory and sent on every state-changing request.
let csrfToken = null;

export class ApiError extends Error {
  constructor(status, code, message) {
    super(message || code || ('HTTP ' + status));
    this.status = status;
    this.code = code;
  }
}

export function setCsrf(token) {
  csrfToken = token;
}

async function call(method, path, body) {
  const headers = { 'Accept': 'application/json' };
  const init = { method, headers, credentials: 'same-origin', cache: 'no-store', redirect: 'error' };
  if (method !== 'GET') {
    headers['Content-Type'] = 'application/json';
    if (csrfToken) {
      headers['X-Patchbay-CSRF'] = csrfToken;
    }
    init.body = JSON.stringify(body || {});
  }
  const response = await fetch(path, init);
  let json = null;
  try {
    json = await response.json();
  } catch (e) {
    json = null;
  }
  if (!response.ok) {
    throw new ApiError(response.status, json && json.error, json && json.message);
  }
  return json;
}

export const get = (path) => call('GET', path);
export const post = (path, body) => call('POST', path, body);

/** A GET that answers null for 404 (an API this server does not have: rollouts or licenses not installed). */
export async function optional(path) {
  try {
    return await get(path);
  } catch (e) {
    if (e instanceof ApiError && e.status === 404) {
      return null;
    }
    throw e;
  }
}
