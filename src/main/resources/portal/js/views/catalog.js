// The event-type catalog: what each type means and what its data looks like.
import { get } from '../api.js';
import { h, clear, json, loading, empty, failure } from '../dom.js';

export async function render(main) {
  document.title = 'Event types · Herald';
  clear(main, h('h1', {}, 'Event types'), loading('the catalog'));
  try {
    const { eventTypes } = await get('/api/v1/event-types');
    clear(main, h('h1', {}, 'Event types'),
      h('p', { class: 'muted' }, 'The catalog in config.yaml (event-types:). It documents what is posted; it restricts nothing.'),
      eventTypes.length === 0 ? empty('The catalog is empty.')
        : eventTypes.map((t) => h('details', { class: 'card type' },
          h('summary', {}, h('span', { class: 'mono' }, t.name), t.description ? h('span', { class: 'muted' }, ` — ${t.description}`) : null),
          h('h3', {}, 'Example data'), json(t.example),
          h('p', {}, h('a', { href: `#/events?type=${encodeURIComponent(t.name)}` }, `Events of type ${t.name}`)))));
  } catch (err) {
    clear(main, h('h1', {}, 'Event types'), failure('the catalog', err));
  }
}
