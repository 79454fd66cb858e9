// The portal: a hash router over views, each built from Herald's public API.
import { whenUnauthorized } from './api.js';
import { h, clear } from './dom.js';
import { adoptTokenFromFragment, credential, isOperator, signOut } from './session.js';
import * as signin from './views/signin.js';
import * as overview from './views/overview.js';
import * as subscriptions from './views/subscriptions.js';
import * as subscription from './views/subscription.js';
import * as form from './views/subscription-form.js';
import * as deliveries from './views/delivery.js';
import * as events from './views/events.js';
import * as event from './views/event.js';
import * as tail from './views/tail.js';
import * as tenants from './views/tenants.js';
import * as catalog from './views/catalog.js';

const ROUTES = [
  [/^\/signin$/, signin.render, { public: true }],
  [/^\/$/, (m, c) => (isOperator() ? overview.render(m, c) : subscriptions.render(m, c))],
  [/^\/overview$/, overview.render, { operator: true }],
  [/^\/subscriptions$/, subscriptions.render],
  [/^\/subscriptions\/new$/, form.render],
  [/^\/subscriptions\/([^/]+)$/, subscription.render],
  [/^\/subscriptions\/([^/]+)\/edit$/, form.render],
  [/^\/deliveries\/([^/]+)$/, deliveries.render],
  [/^\/events$/, events.render],
  [/^\/events\/([^/]+)$/, event.render],
  [/^\/tail$/, tail.render],
  [/^\/tenants$/, tenants.render, { operator: true }],
  [/^\/event-types$/, catalog.render],
];

const NAV = [
  ['#/overview', 'Overview', true],
  ['#/subscriptions', 'Subscriptions'],
  ['#/events', 'Events'],
  ['#/tail', 'Live tail'],
  ['#/tenants', 'Tenants', true],
  ['#/event-types', 'Event types'],
];

const main = document.getElementById('main');
let leaving = [];
let firstRender = true;

function parse() {
  const raw = location.hash.startsWith('#/') ? location.hash.slice(1) : '/';
  const [path, q] = raw.split('?');
  return { path, query: new URLSearchParams(q || '') };
}

export function navigate(hash) {
  if (location.hash === hash) render();
  else location.hash = hash;
}

function render() {
  leaving.forEach((fn) => fn());
  leaving = [];
  // a portal link pasted into an open tab changes only the fragment: it is adopted here as on a page load
  adoptTokenFromFragment();
  const { path, query } = parse();
  if (!credential() && path !== '/signin') {
    location.replace('#/signin');
    return;
  }
  renderChrome(path);
  for (const [re, view, opts = {}] of ROUTES) {
    const m = re.exec(path);
    if (!m) continue;
    if (opts.operator && !isOperator()) {
      clear(main, h('h1', {}, 'Not for this credential'),
        h('p', { class: 'state' }, 'This page is for the operator (an api key). A portal link shows its tenant\'s own subscriptions.'));
      break;
    }
    clear(main);
    const ctx = {
      params: m.slice(1).map(decodeURIComponent),
      query,
      onLeave: (fn) => leaving.push(fn),
      navigate,
    };
    Promise.resolve(view(main, ctx)).catch((err) => {
      clear(main, h('p', { class: 'state error', role: 'alert' }, `Something went wrong: ${err.message}`));
    });
    break;
  }
  if (!ROUTES.some(([re]) => re.test(path))) {
    clear(main, h('h1', {}, 'Not found'), h('p', { class: 'state' }, 'The portal has no page at this address.'));
  }
  // a route change moves focus to the content, as a page load would, so keyboard and reader users follow it
  if (!firstRender) main.focus();
  firstRender = false;
}

function renderChrome(path) {
  const cred = credential();
  const nav = document.getElementById('nav');
  const who = document.getElementById('who');
  if (!cred) {
    clear(nav);
    clear(who);
    return;
  }
  const items = NAV.filter(([, , operatorOnly]) => !operatorOnly || cred.kind === 'operator');
  clear(nav, h('ul', {}, items.map(([href, text]) => {
    const current = path === href.slice(1) || path.startsWith(href.slice(1) + '/')
      || (path === '/' && href === (cred.kind === 'operator' ? '#/overview' : '#/subscriptions'));
    return h('li', {}, h('a', { href, 'aria-current': current ? 'page' : null }, text));
  })));
  const label = cred.kind === 'operator' ? 'Operator' : cred.tenant ? `Tenant ${cred.tenant}` : 'Token';
  clear(who,
    h('span', { class: 'who-name', title: cred.expiresAt ? `Expires ${cred.expiresAt}` : null }, label),
    h('button', { type: 'button', class: 'link', onclick: () => { signOut('You signed out.'); navigate('#/signin'); } },
      'Sign out'));
}

whenUnauthorized(() => navigate('#/signin'));
document.querySelector('.skip').addEventListener('click', (e) => {
  e.preventDefault();
  main.focus();
});
window.addEventListener('hashchange', render);
// the first render adopts a portal link's token before any request is made
render();
