// Browse events by type, resource and tenant, newest first. GET /events pages forward from a seq; to show the
// newest first the view reads a window before the journal's end (GET /health's lastSeq) and widens it until
// it has a page, following the API's next cursor inside the window.
import { get, query } from '../api.js';
import { h, clear, time, link, field, loading, empty, failure, preview } from '../dom.js';
import { isOperator } from '../session.js';

const PAGE = 50;
const MAX_REQUESTS = 12;

export async function render(main, ctx) {
  document.title = 'Events · Herald';
  const q = ctx.query;
  const inputs = {
    type: h('input', { type: 'text', value: q.get('type') || '', list: 'catalog-types', spellcheck: 'false',
      placeholder: 'render.* or file.ready' }),
    resource: h('input', { type: 'text', value: q.get('resource') || '', spellcheck: 'false', placeholder: 'render-jobs/550e8400' }),
    tenant: h('input', { type: 'text', value: q.get('tenant') || '', spellcheck: 'false' }),
  };
  const types = h('datalist', { id: 'catalog-types' });
  get('/api/v1/event-types').then((r) => r.eventTypes.forEach((t) => types.append(h('option', { value: t.name })))).catch(() => {});
  const form = h('form', { class: 'inline-form filters', role: 'search' },
    field('Type', inputs.type, 'patterns, comma-separated'), field('Resource', inputs.resource, 'TYPE/ID'),
    isOperator() ? field('Tenant', inputs.tenant) : null,
    h('button', { type: 'submit' }, 'Filter'), types);
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    ctx.navigate('#/events' + query({ type: inputs.type.value.trim(), resource: inputs.resource.value.trim(),
      tenant: isOperator() ? inputs.tenant.value.trim() : '' }));
  });
  const results = h('div', {}, loading('events'));
  clear(main, h('h1', {}, 'Events'), form, results);
  const filters = { type: q.get('type'), resource: q.get('resource'), tenant: q.get('tenant') };
  const before = q.get('before') ? Number(q.get('before')) : null;
  try {
    const { events, oldest } = await newest(filters, before);
    if (events.length === 0) {
      clear(results, empty(before ? 'No older events match.' : 'No events match yet.'));
      return;
    }
    clear(results,
      h('div', { class: 'table-wrap' }, h('table', {},
        h('caption', { class: 'sr-only' }, 'Events, newest first'),
        h('thead', {}, h('tr', {}, ['Seq', 'When', 'Type', 'Resource', isOperator() ? 'Tenant' : null, 'Data']
          .filter(Boolean).map((t) => h('th', { scope: 'col' }, t)))),
        h('tbody', {}, events.map((e) => h('tr', {},
          h('td', {}, link(String(e.seq), 'events', e.id)),
          h('td', {}, time(e.createdAt)),
          h('td', { class: 'mono' }, e.type),
          h('td', {}, e.resource ? `${e.resource.type}/${e.resource.id}` : h('span', { class: 'muted' }, '—')),
          isOperator() ? h('td', {}, e.tenant || h('span', { class: 'muted' }, '—')) : null,
          h('td', { class: 'mono data' }, preview(e.data))))))),
      h('div', { class: 'pager' },
        before ? h('a', { class: 'button', href: '#/events' + query({ ...filters }) }, 'Newest') : null,
        oldest > 1 ? h('a', { class: 'button', href: '#/events' + query({ ...filters, before: oldest }) }, 'Older events') : null));
  } catch (err) {
    clear(results, failure('events', err));
  }
}

/** Up to PAGE matching events with seq < before (or at the end), newest first. */
async function newest(filters, before) {
  const health = await (await fetch('/health', { cache: 'no-store' })).json();
  const end = before ? before - 1 : health.lastSeq;
  let window = PAGE * 2;
  let requests = 0;
  for (;;) {
    const from = Math.max(0, end - window);
    const found = [];
    let after = from;
    while (requests < MAX_REQUESTS) {
      requests++;
      const page = await get('/api/v1/events' + query({ ...filters, after, limit: 1000 }));
      for (const e of page.events) if (e.seq <= end) found.push(e);
      const last = page.events[page.events.length - 1];
      if (page.next == null || !last || last.seq >= end) break;
      after = page.next;
    }
    if (found.length >= PAGE || from === 0 || requests >= MAX_REQUESTS) {
      const events = found.slice(-PAGE).reverse();
      return { events, oldest: events.length ? events[events.length - 1].seq : 0 };
    }
    window *= 10;
  }
}
