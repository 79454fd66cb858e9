// Create or edit a subscription, with an event-type picker fed by the catalog (GET /api/v1/event-types).
import { get, post, patch, enc } from '../api.js';
import { h, clear, field, loading, failure, path } from '../dom.js';
import { isOperator } from '../session.js';

const FORMATS = ['standard-webhooks', 'svix', 'aninix', 'editframe', 'elai', 'aioz'];

export async function render(main, ctx) {
  const [id] = ctx.params;
  const editing = Boolean(id);
  document.title = `${editing ? `Edit ${id}` : 'New subscription'} · Herald`;
  const title = h('h1', {}, editing ? `Edit ${id}` : 'New subscription');
  clear(main, title, loading(editing ? 'the subscription' : 'the event catalog'));
  let s = null;
  let catalog = [];
  let catalogError = null;
  try {
    if (editing) s = await get(`/api/v1/subscriptions/${enc(id)}`);
  } catch (err) {
    clear(main, title, failure(`subscription ${id}`, err));
    return;
  }
  try {
    catalog = (await get('/api/v1/event-types')).eventTypes;
  } catch (err) {
    catalogError = err;
  }
  clear(main, title, build(s, catalog, catalogError, ctx));
}

function build(s, catalog, catalogError, ctx) {
  const chosen = new Set(s ? s.events : []);
  const inputs = {
    id: h('input', { type: 'text', value: s?.id || '', disabled: Boolean(s), pattern: '[a-z0-9_-]{1,64}',
      autocomplete: 'off', spellcheck: 'false' }),
    url: h('input', { type: 'url', value: s?.url || '', required: true, autocomplete: 'off', spellcheck: 'false',
      placeholder: 'https://hooks.example.com/herald' }),
    format: h('input', { type: 'text', value: s?.format || 'standard-webhooks', list: 'formats', spellcheck: 'false' }),
    headers: h('textarea', { rows: 3, spellcheck: 'false' },
      Object.entries(s?.headers || {}).map(([k, v]) => `${k}: ${v}`).join('\n')),
    retry: h('input', { type: 'text', value: (s?.retrySchedule || []).join(', '), spellcheck: 'false' }),
    enabled: h('input', { type: 'checkbox', id: 'enabled', checked: s ? s.enabled : true }),
    tenant: h('input', { type: 'text', value: s?.tenant || '', spellcheck: 'false' }),
  };
  const all = h('input', { type: 'checkbox', id: 'events-all', checked: chosen.has('*') });
  chosen.delete('*');
  const boxes = catalog.map((t) => {
    const box = h('input', { type: 'checkbox', value: t.name, id: `type-${t.name}`, checked: chosen.has(t.name) });
    chosen.delete(t.name);
    return h('div', { class: 'pick' }, box, h('label', { for: box.id }, h('span', { class: 'mono' }, t.name),
      t.description ? h('span', { class: 'muted' }, ` — ${t.description}`) : null));
  });
  const other = h('input', { type: 'text', value: [...chosen].join(', '), spellcheck: 'false' });
  const filter = h('input', { type: 'search', placeholder: 'Filter types', 'aria-label': 'Filter event types' });
  const picker = h('div', { class: 'picker', role: 'group', 'aria-label': 'Event types from the catalog' }, boxes);
  filter.addEventListener('input', () => {
    const q = filter.value.toLowerCase();
    for (const b of boxes) b.hidden = q && !b.textContent.toLowerCase().includes(q);
  });
  const sync = () => { picker.classList.toggle('disabled', all.checked); };
  all.addEventListener('change', sync);
  sync();

  const error = h('div', { class: 'form-error', role: 'alert' });
  const save = h('button', { type: 'submit', class: 'primary' }, s ? 'Save changes' : 'Create subscription');
  const form = h('form', { class: 'card form', novalidate: true },
    s ? null : field('ID', inputs.id, 'Optional: a-z, 0-9, _ and -. Herald makes one when empty.'),
    field('URL', inputs.url, 'Where Herald POSTs each webhook.'),
    h('fieldset', {},
      h('legend', {}, 'Events'),
      h('div', { class: 'pick' }, all, h('label', { for: all.id }, 'Every event (*)')),
      catalog.length ? [filter, picker] : h('p', { class: 'muted' }, catalogError
        ? `The catalog could not be loaded (${catalogError.message}); type patterns below.`
        : 'The catalog is empty (event-types: in config.yaml); type patterns below.'),
      field('Other types or patterns', other, 'Comma-separated, e.g. render.* or file.ready')),
    field('Format', inputs.format, 'How the body is shaped and signed.'),
    h('datalist', { id: 'formats' }, FORMATS.map((f) => h('option', { value: f }))),
    field('Extra headers', inputs.headers, 'One "Name: value" per line.'),
    field('Retry schedule', inputs.retry, 'Optional, e.g. 5s, 5m, 30m. Empty: the delivery defaults.'),
    isOperator() ? field('Tenant', inputs.tenant, 'Optional: the customer whose events it receives.') : null,
    h('div', { class: 'pick' }, inputs.enabled, h('label', { for: 'enabled' }, 'Enabled')),
    error,
    h('div', { class: 'actions' }, save,
      h('a', { class: 'button', href: s ? path('subscriptions', s.id) : '#/subscriptions' }, 'Cancel')));

  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const events = all.checked ? ['*'] : [
      ...boxes.map((b) => b.querySelector('input')).filter((b) => b.checked).map((b) => b.value),
      ...other.value.split(',').map((x) => x.trim()).filter(Boolean)];
    if (!inputs.url.value.trim()) return problem(error, 'Enter the URL to deliver to.', inputs.url);
    if (events.length === 0) return problem(error, 'Pick at least one event type, or every event.', all);
    let headers;
    try {
      headers = parseHeaders(inputs.headers.value);
    } catch (err) {
      return problem(error, err.message, inputs.headers);
    }
    // an edit is a merge patch (RFC 7396): a header taken out of the list is removed by naming it null
    if (s) headers = { ...Object.fromEntries(Object.keys(s.headers || {}).map((k) => [k, null])), ...headers };
    const body = { url: inputs.url.value.trim(), events, format: inputs.format.value.trim() || 'standard-webhooks',
      headers, enabled: inputs.enabled.checked };
    const retry = inputs.retry.value.split(',').map((x) => x.trim()).filter(Boolean);
    if (retry.length) body.retrySchedule = retry;
    else if (s?.retrySchedule) body.retrySchedule = null;
    if (isOperator() && inputs.tenant.value.trim()) body.tenant = inputs.tenant.value.trim();
    if (!s && inputs.id.value.trim()) body.id = inputs.id.value.trim();
    save.disabled = true;
    clear(error);
    try {
      const saved = s ? await patch(`/api/v1/subscriptions/${enc(s.id)}`, body) : await post('/api/v1/subscriptions', body);
      ctx.navigate(path('subscriptions', saved.id));
    } catch (err) {
      problem(error, `Herald refused it: ${err.message}`);
    } finally {
      save.disabled = false;
    }
  });
  return form;
}

function problem(error, message, input) {
  clear(error, message);
  if (input) input.focus();
}

function parseHeaders(text) {
  const out = {};
  for (const line of text.split('\n').map((l) => l.trim()).filter(Boolean)) {
    const colon = line.indexOf(':');
    if (colon <= 0) throw new Error(`"${line}" is not a header: write Name: value`);
    out[line.slice(0, colon).trim()] = line.slice(colon + 1).trim();
  }
  return out;
}
