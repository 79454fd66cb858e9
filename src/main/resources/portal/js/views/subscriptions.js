import { get, query, enc } from '../api.js';
import { h, clear, time, link, loading, empty, failure, outcome, percent, statusBadge } from '../dom.js';

const PAGE = 50;

export async function render(main, ctx) {
  document.title = 'Subscriptions · Herald';
  const body = h('div', {}, loading('subscriptions'));
  clear(main,
    h('div', { class: 'title-row' }, h('h1', {}, 'Subscriptions'),
      h('a', { href: '#/subscriptions/new', class: 'button primary' }, 'New subscription')),
    body);
  let alive = true;
  ctx.onLeave(() => { alive = false; });
  const rows = h('tbody');
  const more = h('div', { class: 'pager' });
  let first = true;

  async function page(cursor) {
    let data;
    try {
      data = await get('/api/v1/subscriptions' + query({ limit: PAGE, cursor }));
    } catch (err) {
      clear(first ? body : more, failure('subscriptions', err));
      return;
    }
    if (!alive) return;
    if (first && data.subscriptions.length === 0) {
      clear(body, empty('No subscriptions yet.',
        h('p', {}, 'A subscription sends matching events to a URL as signed webhooks. ',
          h('a', { href: '#/subscriptions/new' }, 'Create the first one'), '.')));
      return;
    }
    if (first) {
      clear(body, h('div', { class: 'table-wrap' }, h('table', { class: 'subscriptions' },
        h('caption', { class: 'sr-only' }, 'Subscriptions and their health'),
        h('thead', {}, h('tr', {}, ['Subscription', 'Events', 'State', 'Last attempt', 'Recent success']
          .map((t) => h('th', { scope: 'col' }, t)))),
        rows)), more);
      first = false;
    }
    for (const s of data.subscriptions) rows.append(row(s, () => alive));
    clear(more, data.next
      ? h('button', { type: 'button', onclick: () => { clear(more, loading('more subscriptions')); page(data.next); } },
        'Show more subscriptions')
      : h('p', { class: 'muted' }, `${rows.children.length} subscription${rows.children.length === 1 ? '' : 's'}.`));
  }
  await page(null);
}

function row(s, alive) {
  const last = h('td', {}, h('span', { class: 'muted' }, '…'));
  const rate = h('td', {}, h('span', { class: 'muted' }, '…'));
  const tr = h('tr', {},
    h('td', {}, h('div', {}, link(s.id, 'subscriptions', s.id)),
      h('div', { class: 'muted url' }, s.url),
      s.tenant ? h('div', { class: 'muted' }, `tenant ${s.tenant}`) : null,
      s.source === 'config' ? h('div', { class: 'muted' }, 'from config.yaml') : null),
    h('td', {}, s.events.join(', ')),
    h('td', {}, state(s)),
    last, rate);
  stats(s.id).then((st) => {
    if (!alive()) return;
    clear(last, st.lastAttempt
      ? [outcome(st.lastAttempt), ' ', time(st.lastAttempt.at)]
      : h('span', { class: 'muted' }, 'none yet'));
    clear(rate, st.recent.successRate == null ? h('span', { class: 'muted' }, '—')
      : h('span', { class: st.recent.successRate < 0.9 ? 'bad' : 'ok',
        title: `${st.recent.succeeded} of the last ${st.recent.deliveries} deliveries` }, percent(st.recent.successRate)));
  }).catch((err) => {
    clear(last, h('span', { class: 'muted', title: err.message }, 'unavailable'));
    clear(rate, h('span', { class: 'muted' }, '—'));
  });
  return tr;
}

export function state(s) {
  return s.enabled ? statusBadge('enabled') : statusBadge('disabled', `(${s.disabledReason || 'manual'})`);
}

// a page asks for many subscriptions' stats: a few at a time, so the list never floods Herald
const queue = [];
let running = 0;
export function stats(id) {
  return new Promise((resolve, reject) => {
    queue.push(() => get(`/api/v1/subscriptions/${enc(id)}/stats`).then(resolve, reject));
    pump();
  });
}

function pump() {
  while (running < 4 && queue.length) {
    running++;
    queue.shift()().finally(() => { running--; pump(); });
  }
}
