// Building the page from data. Every value from the API goes in as text (a Text node or an attribute set by
// setAttribute), never as HTML: this file is the only place elements are made, and it has no HTML parser.

/** h('a', {href: '#/x', class: 'c'}, 'text', child...) */
export function h(tag, props, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(props || {})) {
    if (value === undefined || value === null || value === false) continue;
    if (key.startsWith('on')) {
      if (typeof value !== 'function') throw new Error(`${key} must be a function`);
      el.addEventListener(key.slice(2), value);
    } else if (key === 'class') {
      el.className = value;
    } else if (key === 'href') {
      el.setAttribute('href', route(value));
    } else if (key === 'value') {
      el.value = value;
    } else if (key === 'checked' || key === 'selected' || key === 'disabled') {
      el[key] = Boolean(value);
    } else {
      el.setAttribute(key, value === true ? '' : String(value));
    }
  }
  append(el, children);
  return el;
}

/** Links stay inside the portal: a value from the API can never become a javascript: or outside URL. */
function route(href) {
  if (typeof href !== 'string' || !href.startsWith('#/')) throw new Error('only portal routes are linked');
  return href;
}

export function append(el, children) {
  for (const c of children.flat(Infinity)) {
    if (c === undefined || c === null || c === false) continue;
    el.append(c instanceof Node ? c : String(c));
  }
  return el;
}

export function clear(el, ...children) {
  el.replaceChildren();
  return append(el, children);
}

const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'medium' });
const clock = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit', second: '2-digit' });

/** A time in the browser's zone, its ISO form on hover. */
export function time(iso, short = false) {
  if (!iso) return h('span', { class: 'muted' }, '—');
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return h('span', {}, iso);
  return h('time', { datetime: iso, title: iso }, (short ? clock : dateTime).format(d));
}

/** A link to a portal route with path segments encoded. */
export function link(text, ...segments) {
  return h('a', { href: path(...segments) }, text);
}

export function path(...segments) {
  return '#/' + segments.map((s) => encodeURIComponent(s)).join('/');
}

export function statusBadge(status, extra) {
  return h('span', { class: `badge ${status}` }, extra ? `${status} ${extra}` : status);
}

/** The HTTP outcome of an attempt: its status code, or its error when no answer came. */
export function outcome(attempt) {
  if (!attempt) return h('span', { class: 'muted' }, 'no attempt yet');
  const ok = attempt.statusCode >= 200 && attempt.statusCode < 300 && !attempt.error;
  const text = attempt.statusCode == null ? 'no answer' : `HTTP ${attempt.statusCode}`;
  return h('span', { class: ok ? 'ok' : 'bad' }, text);
}

export function json(value) {
  return h('pre', { class: 'json' }, JSON.stringify(value, null, 2));
}

/** One line of JSON, cut to a length, for lists. */
export function preview(value, max = 160) {
  const s = JSON.stringify(value);
  return s.length > max ? s.slice(0, max - 1) + '…' : s;
}

/** A labelled input: every field of the portal has a visible label tied to it. */
let fieldId = 0;
export function field(label, input, hint) {
  const id = input.id || `f${++fieldId}`;
  input.id = id;
  const hintEl = hint ? h('span', { class: 'hint', id: `${id}-hint` }, hint) : null;
  if (hintEl) input.setAttribute('aria-describedby', hintEl.id);
  return h('div', { class: 'field' }, h('label', { for: id }, label), input, hintEl);
}

export function select(options, value) {
  return h('select', {}, options.map(([v, text]) => h('option', { value: v, selected: v === value }, text)));
}

/** Loading, empty and error states that say what is happening. */
export function loading(what) {
  return h('p', { class: 'state', role: 'status' }, `Loading ${what}…`);
}

export function empty(text, ...more) {
  return h('div', { class: 'state empty' }, h('p', {}, text), ...more);
}

export function failure(what, err) {
  return h('div', { class: 'state error', role: 'alert' },
    h('p', {}, `Could not load ${what}: ${err.message}`),
    err.status ? h('p', { class: 'muted' }, `Herald answered HTTP ${err.status}${err.code ? ` (${err.code})` : ''}.`) : null);
}

export function percent(rate) {
  return rate == null ? '—' : `${(rate * 100).toFixed(rate === 1 || rate === 0 ? 0 : 1)} %`;
}

/** A button that shows it is busy and turns an error into a message beside it. */
export function action(label, run, opts = {}) {
  const message = h('span', { class: 'action-message', role: 'status' });
  const button = h('button', { type: 'button', class: opts.class || '' }, label);
  button.addEventListener('click', async () => {
    if (opts.confirm && !window.confirm(opts.confirm)) return;
    button.disabled = true;
    message.className = 'action-message';
    message.textContent = opts.busy || 'Working…';
    try {
      const done = await run();
      message.textContent = typeof done === 'string' ? done : '';
    } catch (err) {
      message.className = 'action-message bad';
      message.textContent = err.message;
    } finally {
      button.disabled = false;
    }
  });
  return h('span', { class: 'action' }, button, message);
}
