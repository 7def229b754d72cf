// The REST API as the console uses it: same origin, the session cookie, the CSRF token on every change,
// problem+json turned into an Error whose message is the server's own sentence.

let session = null; // {user, roles, csrfToken, mustChangePassword, expires}

export class ApiError extends Error {
  constructor(status, detail, body) {
    super(detail);
    this.status = status;
    this.body = body;
  }
}

export function currentSession() { return session; }
export function canWrite() { return !!session && (session.roles.includes('admin') || session.roles.includes('manager')); }
export function isAdmin() { return !!session && session.roles.includes('admin'); }

async function call(method, path, body, extraHeaders = {}) {
  const headers = { 'Accept': 'application/json', 'X-Kiln-Console': '1', ...extraHeaders };
  if (method !== 'GET' && method !== 'HEAD' && session) headers['X-CSRF-Token'] = session.csrfToken;
  let payload;
  if (body instanceof Blob || body instanceof ArrayBuffer) { payload = body; }
  else if (body !== undefined) { headers['Content-Type'] = 'application/json'; payload = JSON.stringify(body); }
  let resp;
  try {
    resp = await fetch('/api/v1/' + path, { method, headers, body: payload, credentials: 'same-origin', cache: 'no-store' });
  } catch (e) {
    throw new ApiError(0, 'Kiln is not reachable (' + e.message + ')');
  }
  const type = resp.headers.get('Content-Type') || '';
  const data = type.includes('json') ? await resp.json().catch(() => null) : await resp.text();
  if (!resp.ok) {
    const detail = data && data.detail ? data.detail : resp.status + ' ' + resp.statusText;
    if (resp.status === 401 && path !== 'session') { session = null; window.dispatchEvent(new Event('kiln-logged-out')); }
    if (resp.status === 403 && data && /default password/.test(data.detail || '') && session) {
      session.mustChangePassword = true; window.dispatchEvent(new Event('kiln-must-change'));
    }
    throw new ApiError(resp.status, detail, data);
  }
  return { data, headers: resp.headers, status: resp.status };
}

export const get = async (path) => (await call('GET', path)).data;
export const getFull = (path) => call('GET', path);
export const post = async (path, body) => (await call('POST', path, body)).data;
export const put = async (path, body, headers) => (await call('PUT', path, body, headers)).data;
export const del = async (path) => (await call('DELETE', path)).data;
export const upload = async (path, file) => (await call('POST', path, file, { 'Content-Type': 'application/java-archive' })).data;

/** Whether the server answers a path at all (features another branch adds: fleet, actions, event streams). */
const supported = new Map();
export async function supports(path) {
  if (!supported.has(path)) {
    supported.set(path, call('GET', path).then(() => true, (e) => e.status !== 404 && e.status !== 400 && e.status !== 405));
  }
  return supported.get(path);
}

export async function restoreSession() {
  try { session = (await call('GET', 'session')).data; } catch (e) { session = null; }
  return session;
}

export async function login(user, password) {
  session = (await call('POST', 'session', { user, password })).data;
  return session;
}

export async function logout() {
  try { await call('DELETE', 'session'); } finally { session = null; }
}

export async function changePassword(user, current, next) {
  const body = current === null ? { new: next } : { current, new: next };
  await put('users/' + encodeURIComponent(user) + '/password', body);
  if (session && session.user === user) session.mustChangePassword = false;
}
