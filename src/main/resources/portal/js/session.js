// The credential the portal was given, for this browser tab only (sessionStorage), never in a URL Herald sees.

const KEY = 'herald.portal.credential';
const NOTICE = 'herald.portal.notice';

/** {kind: 'operator'|'tenant', secret, tenant?, expiresAt?} or null */
export function credential() {
  try {
    return JSON.parse(sessionStorage.getItem(KEY));
  } catch {
    return null;
  }
}

export function isOperator() {
  return credential()?.kind === 'operator';
}

/** An api key, or a JWT (a tenant token pasted by hand): the token's claims say which. */
export function signIn(secret) {
  const claims = jwtClaims(secret);
  const cred = claims
    ? { kind: claims.tenant ? 'tenant' : 'token', secret, tenant: claims.tenant || null,
        expiresAt: claims.exp ? new Date(claims.exp * 1000).toISOString() : null }
    : { kind: 'operator', secret };
  sessionStorage.setItem(KEY, JSON.stringify(cred));
  return cred;
}

export function signOut(notice) {
  sessionStorage.removeItem(KEY);
  if (notice) sessionStorage.setItem(NOTICE, notice);
}

/** A message for the sign-in page, shown once. */
export function takeNotice() {
  const n = sessionStorage.getItem(NOTICE);
  sessionStorage.removeItem(NOTICE);
  return n;
}

/**
 * A portal link carries its token in the fragment (#token=...), which browsers never send to a server. Move it
 * to sessionStorage and take it out of the address bar and the history before anything else runs.
 */
export function adoptTokenFromFragment() {
  const m = /^#token=([^&]+)/.exec(location.hash);
  if (!m) return false;
  const token = decodeURIComponent(m[1]);
  history.replaceState(null, '', location.pathname + location.search + '#/subscriptions');
  signIn(token);
  return true;
}

/** The claims of a JWT, unverified (Herald verifies it); null when the text is not one. */
function jwtClaims(text) {
  const parts = text.split('.');
  if (parts.length !== 3 || !text.startsWith('eyJ')) return null;
  try {
    const b64 = parts[1].replace(/-/g, '+').replace(/_/g, '/');
    return JSON.parse(atob(b64 + '='.repeat((4 - (b64.length % 4)) % 4)));
  } catch {
    return null;
  }
}
