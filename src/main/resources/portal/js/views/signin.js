import { get, ApiError } from '../api.js';
import { h, clear, field } from '../dom.js';
import { signIn, signOut, takeNotice } from '../session.js';

export function render(main, { navigate }) {
  document.title = 'Sign in · Herald';
  const notice = takeNotice();
  const key = h('input', { type: 'password', name: 'key', autocomplete: 'current-password', required: true,
    spellcheck: 'false' });
  const error = h('div', { class: 'form-error', role: 'alert' });
  const button = h('button', { type: 'submit', class: 'primary' }, 'Sign in');
  const form = h('form', { class: 'signin', novalidate: true },
    field('API key', key, 'One of auth.api-keys in config.yaml. It is kept in this tab only, never in the address bar.'),
    error, button);
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const secret = key.value.trim();
    if (!secret) {
      error.textContent = 'Enter an api key.';
      key.focus();
      return;
    }
    button.disabled = true;
    clear(error, 'Checking the key with Herald…');
    signIn(secret);
    try {
      // any read proves the credential; this one is open to operators and tenants alike
      await get('/api/v1/event-types', { noRedirect: true });
      navigate('#/');
    } catch (err) {
      signOut();
      clear(error, err instanceof ApiError && err.status === 401
        ? `Herald refused this key: ${err.message}.`
        : `Could not sign in: ${err.message}`);
      key.select();
      key.focus();
    } finally {
      button.disabled = false;
    }
  });
  clear(main,
    h('section', { class: 'card narrow' },
      h('h1', {}, 'Sign in to Herald'),
      notice ? h('p', { class: 'notice', role: 'status' }, notice) : null,
      form,
      h('p', { class: 'muted' }, 'Customers arrive through a portal link from the operator instead: it signs them in to their own subscriptions.')));
  key.focus();
}
