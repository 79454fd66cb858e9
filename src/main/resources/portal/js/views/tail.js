// The live tail: events as they arrive on the firehose (GET /api/v1/stream), newest on top. The stream is read
// with fetch() so the credential travels in the Authorization header, never in a URL.
import { stream, query } from '../api.js';
import { h, clear, time, link, field, preview } from '../dom.js';

const KEEP = 200;

export function render(main, ctx) {
  document.title = 'Live tail · Herald';
  const types = h('input', { type: 'text', value: ctx.query.get('types') || '', spellcheck: 'false',
    placeholder: 'render.*, file.*' });
  const status = h('p', { class: 'state', role: 'status' });
  const list = h('ol', { class: 'tail', 'aria-live': 'off' });
  const toggle = h('button', { type: 'button' });
  const form = h('form', { class: 'inline-form' }, field('Types', types, 'empty: every event but herald.*'),
    h('button', { type: 'submit' }, 'Apply'), toggle);
  clear(main, h('h1', {}, 'Live tail'), form, status, list);

  let stop = null;
  let count = 0;
  const start = () => {
    stop = stream('/api/v1/stream' + query({ types: types.value.trim() }), {
      onMessage: (m) => {
        let e;
        try {
          e = JSON.parse(m.data);
        } catch {
          return;
        }
        count++;
        list.prepend(row(e));
        while (list.children.length > KEEP) list.lastChild.remove();
        status.textContent = `Live: ${count} event${count === 1 ? '' : 's'} since you opened the tail (the newest ${KEEP} are kept here).`;
      },
      onState: (s, detail) => {
        if (s === 'connecting') status.textContent = 'Connecting to the event stream…';
        else if (s === 'open' && count === 0) status.textContent = 'Live: waiting for events…';
        else if (s === 'retrying') status.textContent = `The stream ended; reconnecting in ${Math.round(detail / 1000)} s…`;
        else if (s === 'error') {
          status.textContent = `The stream was refused: ${detail.message} (HTTP ${detail.status}).`;
          stopNow();
        }
      },
    });
    toggle.textContent = 'Pause';
  };
  const stopNow = () => {
    if (stop) stop();
    stop = null;
    toggle.textContent = 'Resume';
  };
  toggle.addEventListener('click', () => {
    if (stop) {
      stopNow();
      status.textContent = 'Paused: events that arrive now are not shown.';
    } else start();
  });
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    stopNow();
    clear(list);
    count = 0;
    history.replaceState(null, '', '#/tail' + query({ types: types.value.trim() }));
    start();
  });
  ctx.onLeave(() => stopNow());
  start();
}

function row(e) {
  return h('li', { class: 'tail-row' },
    h('div', { class: 'tail-head' },
      time(e.createdAt, true),
      h('span', { class: 'mono type' }, e.type),
      e.resource ? h('span', { class: 'muted' }, `${e.resource.type}/${e.resource.id}`) : null,
      e.tenant ? h('span', { class: 'muted' }, `tenant ${e.tenant}`) : null,
      link(`#${e.seq}`, 'events', e.id)),
    h('div', { class: 'mono data' }, preview(e.data, 240)));
}
