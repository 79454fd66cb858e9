// Tenants (operator): each customer with its subscriptions, and a portal link to hand to it (CONTRACT 8).
import { get, post, query, enc } from '../api.js';
import { h, clear, time, link, field, select, loading, empty, failure } from '../dom.js';

export async function render(main) {
  document.title = 'Tenants · Herald';
  const body = h('div', {}, loading('tenants'));
  clear(main, h('h1', {}, 'Tenants'),
    h('p', { class: 'muted' }, 'A tenant is one of your customers: it sees only its own subscriptions, deliveries and events, through a portal link.'),
    body);
  const rows = h('tbody');
  const pager = h('div', { class: 'pager' });
  const ttl = select([['1h', '1 hour'], ['24h', '24 hours'], ['7d', '7 days']], '24h');
  let first = true;

  async function page(cursor) {
    let data;
    try {
      data = await get('/api/v1/tenants' + query({ cursor }));
    } catch (err) {
      if (err.status === 404) {
        clear(body, h('div', { class: 'state error', role: 'alert' },
          h('p', {}, 'This Herald has no tenants API: GET /api/v1/tenants answered 404 Not Found.'),
          h('p', { class: 'muted' }, 'Tenants come with a Herald that supports them (CONTRACT section 8); upgrade Herald to use them.')));
      } else {
        clear(first ? body : pager, failure('tenants', err));
      }
      return;
    }
    if (first && data.tenants.length === 0) {
      clear(body, empty('No tenants yet.', h('p', {}, 'A tenant appears when a subscription or an event names it.')));
      return;
    }
    if (first) {
      clear(body, h('div', { class: 'inline' }, field('Portal links last', ttl)),
        h('div', { class: 'table-wrap' }, h('table', {},
          h('caption', { class: 'sr-only' }, 'Tenants'),
          h('thead', {}, h('tr', {}, ['Tenant', 'Subscriptions', 'Last event', 'Portal link'].map((t) => h('th', { scope: 'col' }, t)))),
          rows)), pager);
      first = false;
    }
    for (const t of data.tenants) rows.append(row(t, ttl));
    clear(pager, data.next ? h('button', { type: 'button', onclick: () => page(data.next) }, 'Show more tenants') : null);
  }
  await page(null);
}

function row(t, ttl) {
  const out = h('div', { class: 'portal-link' });
  const button = h('button', { type: 'button' }, 'Copy portal link');
  button.addEventListener('click', async () => {
    button.disabled = true;
    try {
      const r = await post(`/api/v1/tenants/${enc(t.id)}/portal-link`, { ttl: ttl.value });
      const input = h('input', { type: 'text', readonly: true, value: r.url, class: 'mono', 'aria-label': `Portal link for ${t.id}` });
      let copied = false;
      try {
        await navigator.clipboard.writeText(r.url);
        copied = true;
      } catch {
        // no clipboard (an insecure origin, or permission refused): the link is selected for copying by hand
      }
      clear(out, input, h('span', { class: 'muted', role: 'status' },
        copied ? 'Copied. ' : 'Copy it from the box. ', 'Valid until ', time(r.expiresAt), '.'));
      if (!copied) input.select();
    } catch (err) {
      clear(out, h('span', { class: 'bad', role: 'alert' }, err.status === 404
        ? 'This Herald cannot make portal links (POST …/portal-link answered 404).' : err.message));
    } finally {
      button.disabled = false;
    }
  });
  return h('tr', {},
    h('td', { class: 'mono' }, t.id),
    h('td', {}, link(String(t.subscriptions), 'subscriptions')),
    h('td', {}, time(t.lastEventAt)),
    h('td', {}, button, out));
}
