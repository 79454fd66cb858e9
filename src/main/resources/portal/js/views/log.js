// A subscription's delivery log: newest first, a page at a time (the API's next/cursor), with each delivery's
// attempts, a retry per delivery and a status filter. Never loads the whole log.
import { get, post, query, enc } from '../api.js';
import { h, clear, time, link, field, select, loading, empty, failure, outcome, statusBadge, action } from '../dom.js';

const PAGE = 25;
const STATUSES = [['', 'Any status'], ['pending', 'Pending'], ['succeeded', 'Succeeded'], ['failed', 'Failed'],
  ['skipped', 'Skipped']];

export function deliveryLog(subscriptionId, { onLeave, status: initial }) {
  const filter = select(STATUSES, initial || '');
  const list = h('div', { class: 'deliveries' });
  const pager = h('div', { class: 'pager' });
  let generation = 0;
  let alive = true;
  onLeave(() => { alive = false; });

  async function load(cursor) {
    const mine = generation;
    if (!cursor) clear(list, loading('deliveries'));
    let data;
    try {
      data = await get(`/api/v1/subscriptions/${enc(subscriptionId)}/deliveries`
        + query({ status: filter.value, limit: PAGE, cursor }));
    } catch (err) {
      if (alive && mine === generation) clear(cursor ? pager : list, failure('deliveries', err));
      return;
    }
    if (!alive || mine !== generation) return;
    if (!cursor) clear(list);
    if (!cursor && data.deliveries.length === 0) {
      clear(list, empty(filter.value ? `No ${filter.value} deliveries.` : 'No deliveries yet: send a test, or post an event it matches.'));
    }
    for (const d of data.deliveries) list.append(deliveryItem(d));
    clear(pager, data.next
      ? h('button', { type: 'button', onclick: () => { clear(pager, loading('older deliveries')); load(data.next); } },
        'Show older deliveries')
      : list.querySelector('details') ? h('p', { class: 'muted' }, 'No older deliveries.') : null);
  }

  filter.addEventListener('change', () => { generation++; load(null); });
  const refresh = () => { generation++; return load(null); };
  load(null);
  return {
    refresh,
    element: h('section', { class: 'card', 'aria-labelledby': 'log-title' },
      h('div', { class: 'title-row' }, h('h2', { id: 'log-title' }, 'Deliveries'),
        h('div', { class: 'inline' }, field('Status', filter),
          h('button', { type: 'button', onclick: refresh }, 'Refresh'))),
      list, pager),
  };
}

/** One delivery, folded: its outcome on one line; open it for every attempt and a retry. */
export function deliveryItem(d, { open = false, showSubscription = false } = {}) {
  const last = d.attempts[d.attempts.length - 1];
  const attempts = h('div', {}, attemptsTable(d));
  const summary = h('summary', {},
    statusBadge(d.status),
    h('span', { class: 'mono' }, d.id),
    showSubscription ? h('span', {}, 'to ', h('strong', {}, d.subscriptionId)) : null,
    h('span', { class: 'muted' }, `${d.attempts.length} attempt${d.attempts.length === 1 ? '' : 's'}`),
    last ? outcome(last) : null,
    last ? time(last.at) : null);
  const details = h('details', { class: `delivery ${d.status}`, open },
    summary,
    h('div', { class: 'delivery-body' },
      h('dl', { class: 'facts' },
        h('dt', {}, 'Event'), h('dd', {}, link(d.eventId, 'events', d.eventId)),
        h('dt', {}, 'Subscription'), h('dd', {}, link(d.subscriptionId, 'subscriptions', d.subscriptionId)),
        h('dt', {}, 'Next attempt'), h('dd', {}, d.nextAttemptAt ? time(d.nextAttemptAt) : 'none due'),
        d.reason ? [h('dt', {}, 'Skipped because'), h('dd', {}, d.reason)] : null),
      attempts,
      h('div', { class: 'actions' }, action('Retry now', async () => {
        const again = await post(`/api/v1/deliveries/${enc(d.id)}/retry`);
        clear(attempts, attemptsTable(again));
        return 'Queued again: it goes out now.';
      }), h('a', { href: `#/deliveries/${enc(d.id)}` }, 'Open this delivery'))));
  return details;
}

export function attemptsTable(d) {
  if (d.attempts.length === 0) {
    return h('p', { class: 'muted' }, d.status === 'skipped' ? 'Nothing was sent.' : 'No attempt yet: it is queued.');
  }
  return h('div', { class: 'table-wrap' }, h('table', { class: 'attempts' },
    h('caption', { class: 'sr-only' }, `Attempts of ${d.id}`),
    h('thead', {}, h('tr', {}, ['#', 'When', 'Status', 'Duration', 'Error', 'Response body']
      .map((t) => h('th', { scope: 'col' }, t)))),
    h('tbody', {}, d.attempts.map((a, i) => h('tr', {},
      h('td', {}, String(i + 1)),
      h('td', {}, time(a.at)),
      h('td', {}, outcome(a)),
      h('td', {}, `${a.durationMs} ms`),
      h('td', { class: a.error ? 'bad' : 'muted' }, a.error || '—'),
      h('td', {}, a.response ? h('pre', { class: 'response' }, a.response) : h('span', { class: 'muted' }, 'empty')))))));
}

/** Replay: queue again every failed or skipped delivery whose event falls in a window. */
export function replayForm(subscriptionId, onDone) {
  const hourAgo = new Date(Date.now() - 3600_000);
  const since = h('input', { type: 'datetime-local', step: 1, required: true, value: local(hourAgo) });
  const until = h('input', { type: 'datetime-local', step: 1 });
  const message = h('p', { class: 'action-message', role: 'status' });
  const button = h('button', { type: 'submit' }, 'Replay');
  const form = h('form', { class: 'inline-form' },
    field('Since', since), field('Until (empty: now)', until), button);
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    if (!since.value) { message.textContent = 'Pick when the window starts.'; return; }
    button.disabled = true;
    message.className = 'action-message';
    message.textContent = 'Replaying…';
    try {
      const body = { since: new Date(since.value).toISOString() };
      if (until.value) body.until = new Date(until.value).toISOString();
      const r = await post(`/api/v1/subscriptions/${enc(subscriptionId)}/replay`, body);
      message.textContent = `Queued ${r.queued} deliver${r.queued === 1 ? 'y' : 'ies'} again.`;
      onDone();
    } catch (err) {
      message.className = 'action-message bad';
      message.textContent = err.message;
    } finally {
      button.disabled = false;
    }
  });
  return h('section', { class: 'card', 'aria-labelledby': 'replay-title' },
    h('h2', { id: 'replay-title' }, 'Replay a time window'),
    h('p', { class: 'muted' }, 'Sends again every failed or skipped delivery of an event created in the window (times in your time zone).'),
    form, message);
}

/** A Date as a datetime-local value, in the browser's zone. */
function local(d) {
  const pad = (n) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}
