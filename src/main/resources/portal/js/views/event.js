// One event: its JSON as stored, and the deliveries it caused on each subscription.
import { get, enc } from '../api.js';
import { h, clear, time, json, loading, empty, failure } from '../dom.js';
import { deliveryItem } from './log.js';

export async function render(main, { params }) {
  const [id] = params;
  document.title = `${id} · Herald`;
  clear(main, h('h1', {}, 'Event'), loading('the event'));
  let e;
  try {
    e = await get(`/api/v1/events/${enc(id)}`);
  } catch (err) {
    clear(main, h('h1', {}, 'Event'), failure(`event ${id}`, err));
    return;
  }
  const deliveries = h('div', {}, loading('its deliveries'));
  clear(main,
    h('h1', {}, 'Event ', h('span', { class: 'mono' }, e.type)),
    h('div', { class: 'grid' },
      h('section', { class: 'card' }, h('h2', {}, 'Facts'), h('dl', { class: 'facts' },
        h('dt', {}, 'ID'), h('dd', { class: 'mono' }, e.id),
        h('dt', {}, 'Seq'), h('dd', {}, String(e.seq)),
        h('dt', {}, 'Created'), h('dd', {}, time(e.createdAt)),
        h('dt', {}, 'Resource'), h('dd', {}, e.resource ? `${e.resource.type}/${e.resource.id}` : '—'),
        h('dt', {}, 'Tenant'), h('dd', {}, e.tenant || '—'),
        h('dt', {}, 'More'), h('dd', {}, typeLink(e.type)))),
      h('section', { class: 'card' }, h('h2', {}, 'JSON'), json(e))),
    h('section', { class: 'card', 'aria-labelledby': 'ed-title' }, h('h2', { id: 'ed-title' }, 'Deliveries it caused'), deliveries));
  try {
    const r = await get(`/api/v1/events/${enc(id)}/deliveries`);
    clear(deliveries, r.deliveries.length === 0
      ? empty('No delivery of this event is on record: no subscription matched it, or its deliveries are still queued.')
      : r.deliveries.map((d) => deliveryItem(d, { showSubscription: true })));
  } catch (err) {
    clear(deliveries, failure('its deliveries', err));
  }
}

function typeLink(type) {
  return h('a', { href: `#/events?type=${encodeURIComponent(type)}` }, `Events of type ${type}`);
}
