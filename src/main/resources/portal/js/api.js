// Herald's public API, with the credential the portal was given. Nothing here knows anything Herald's API
// does not offer to curl.
import { credential, signOut } from './session.js';

export class ApiError extends Error {
  constructor(status, code, message) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

/** Called with the message when Herald refuses the credential (401): the app goes back to sign-in. */
let onUnauthorized = () => {};
export function whenUnauthorized(fn) {
  onUnauthorized = fn;
}

function headers(extra) {
  const cred = credential();
  const h = { Accept: 'application/json', ...extra };
  if (cred) h.Authorization = `Bearer ${cred.secret}`;
  return h;
}

export async function request(method, path, body, opts = {}) {
  let res;
  try {
    res = await fetch(path, {
      method,
      headers: headers(body === undefined ? {} : { 'Content-Type': 'application/json' }),
      body: body === undefined ? undefined : JSON.stringify(body),
      cache: 'no-store',
      signal: opts.signal,
    });
  } catch (err) {
    if (err.name === 'AbortError') throw err;
    throw new ApiError(0, 'network', 'Herald did not answer (is it running?)');
  }
  const text = await res.text();
  let data = null;
  try {
    data = text ? JSON.parse(text) : null;
  } catch {
    data = null;
  }
  if (!res.ok) {
    const code = data?.error?.code || null;
    const message = data?.error?.message || `${res.status} ${res.statusText}`;
    if (res.status === 401 && !opts.noRedirect) unauthorized(message);
    throw new ApiError(res.status, code, message);
  }
  return data;
}

function unauthorized(message) {
  const cred = credential();
  const what = cred?.kind === 'tenant' ? 'Your portal link is no longer valid' : 'Herald refused your credential';
  signOut(`${what} (401: ${message}). Sign in again.`);
  onUnauthorized();
}

export const get = (path, opts) => request('GET', path, undefined, opts);
export const post = (path, body, opts) => request('POST', path, body === undefined ? {} : body, opts);
export const patch = (path, body) => request('PATCH', path, body);
export const del = (path) => request('DELETE', path);

/** A query string from the entries that have a value. */
export function query(params) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') q.set(k, v);
  const s = q.toString();
  return s ? `?${s}` : '';
}

export const enc = encodeURIComponent;

/**
 * Server-Sent Events over fetch(): EventSource cannot send an Authorization header, and a credential in the
 * query string would reach access logs. Reconnects after a drop with Last-Event-ID, as EventSource would.
 * Returns a function that stops it.
 */
export function stream(path, { onMessage, onState }) {
  const controller = new AbortController();
  let lastEventId = null;
  let retryMs = 3000;

  async function connect() {
    while (!controller.signal.aborted) {
      onState('connecting');
      try {
        const res = await fetch(path, {
          headers: headers({ Accept: 'text/event-stream', ...(lastEventId ? { 'Last-Event-ID': lastEventId } : {}) }),
          cache: 'no-store',
          signal: controller.signal,
        });
        if (res.status === 401) {
          unauthorized((await res.json().catch(() => null))?.error?.message || 'unauthorized');
          return;
        }
        if (!res.ok) {
          const body = await res.json().catch(() => null);
          onState('error', new ApiError(res.status, body?.error?.code, body?.error?.message || `HTTP ${res.status}`));
          return;
        }
        onState('open');
        await read(res.body);
      } catch (err) {
        if (controller.signal.aborted) return;
      }
      if (controller.signal.aborted) return;
      onState('retrying', retryMs);
      await new Promise((r) => setTimeout(r, retryMs));
    }
  }

  async function read(body) {
    const reader = body.pipeThrough(new TextDecoderStream()).getReader();
    let buffer = '';
    let data = [];
    let id = null;
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      buffer += value;
      const lines = buffer.split(/\r\n|\r|\n/);
      buffer = lines.pop();
      for (const line of lines) {
        if (line === '') {
          if (id !== null) lastEventId = id;
          if (data.length) onMessage({ id, data: data.join('\n') });
          data = [];
          id = null;
        } else if (line.startsWith(':')) {
          // a keepalive comment
        } else {
          const colon = line.indexOf(':');
          const name = colon < 0 ? line : line.slice(0, colon);
          const val = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
          if (name === 'data') data.push(val);
          else if (name === 'id') id = val;
          else if (name === 'retry' && /^\d+$/.test(val)) retryMs = Number(val);
        }
      }
    }
  }

  connect();
  return () => controller.abort();
}
