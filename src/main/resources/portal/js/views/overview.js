// The operator's overview: health, events and deliveries per minute, pending deliveries, and the subscriptions
// that need attention. Refreshes itself every 10 s while open.
import { get } from '../api.js';
import { h, clear, time, link, loading, failure } from '../dom.js';

const SVG = 'http://www.w3.org/2000/svg';

export async function render(main, ctx) {
  document.title = 'Overview · Herald';
  const body = h('div', {}, loading('the overview'));
  clear(main, h('h1', {}, 'Overview'), body);
  const refresh = async () => {
    try {
      const [health, stats] = await Promise.all([fetchHealth(), get('/api/v1/stats')]);
      clear(body, view(health, stats));
    } catch (err) {
      clear(body, failure('the overview', err));
    }
  };
  await refresh();
  const timer = setInterval(refresh, 10000);
  ctx.onLeave(() => clearInterval(timer));
}

/** /health answers 503 with a body when the journal cannot take writes: that is news, not an error. */
async function fetchHealth() {
  const res = await fetch('/health', { cache: 'no-store' });
  return res.json();
}

function view(health, stats) {
  const m = stats.minutes;
  const sum = (k, n) => m.slice(-n).reduce((a, x) => a + x[k], 0);
  const ok = health.status === 'ok';
  return [
    h('div', { class: 'tiles' },
      tile('Herald', ok ? 'Healthy' : 'Unavailable', ok ? 'ok' : 'bad',
        ok ? `journal ${health.journal}, deliveries ${health.deliveries}` : health.journal),
      rate('Events this minute', m, 'events', ''),
      rate('Delivered this minute', m, 'delivered', ''),
      rate('Failed attempts this minute', m, 'failedAttempts', sum('failedAttempts', 2) ? 'bad' : ''),
      tile('Pending deliveries', String(stats.pendingDeliveries), '', `last seq ${health.lastSeq}`)),
    h('section', { class: 'card', 'aria-labelledby': 'chart-title' },
      h('h2', { id: 'chart-title' }, 'The last hour, per minute'),
      chart(m),
      h('p', { class: 'legend' }, h('span', { class: 'key events' }, 'events'), h('span', { class: 'key delivered' }, 'delivered'),
        h('span', { class: 'key failed' }, 'failed attempts'), h('span', { class: 'muted' }, ' · counted since Herald started; the last bar is the minute under way'))),
    h('div', { class: 'grid' },
      attention('Failing subscriptions', stats.subscriptions.failing, stats.subscriptions.failingCount,
        (s) => `${s.consecutiveFailures} failure${s.consecutiveFailures === 1 ? '' : 's'} in a row`,
        'Every enabled subscription\'s last attempt succeeded.'),
      attention('Disabled subscriptions', stats.subscriptions.disabled, stats.subscriptions.disabledCount,
        (s) => `disabled: ${s.disabledReason}`, 'No subscription is disabled.')),
    h('p', { class: 'muted' }, `${stats.subscriptions.total} subscription${stats.subscriptions.total === 1 ? '' : 's'} in all · `,
      link('see them all', 'subscriptions'), ' · updated ', time(new Date().toISOString(), true)),
  ];
}

/** The minute under way, with the last whole minute and the hour beside it. */
function rate(label, minutes, key, tone) {
  const whole = minutes[minutes.length - 2]?.[key] ?? 0;
  const now = minutes[minutes.length - 1]?.[key] ?? 0;
  const hour = minutes.reduce((a, x) => a + x[key], 0);
  return tile(label, String(now), tone, `${whole} the minute before, ${hour} in the last hour`);
}

function tile(label, value, tone, detail) {
  return h('div', { class: `tile ${tone ? `tone-${tone}` : ''}` }, h('div', { class: 'tile-label' }, label),
    h('div', { class: 'tile-value' }, value), h('div', { class: 'muted' }, detail));
}

function attention(title, list, count, describe, none) {
  return h('section', { class: 'card' }, h('h2', {}, title, ' ', h('span', { class: 'count' }, String(count))),
    list.length === 0 ? h('p', { class: 'muted' }, none)
      : h('ul', { class: 'plain' }, list.map((s) => h('li', {}, link(s.id, 'subscriptions', s.id), ' ',
        h('span', { class: 'muted' }, describe(s))))),
    count > list.length ? h('p', { class: 'muted' }, `and ${count - list.length} more`) : null);
}

/** Three bars a minute, drawn as SVG shapes with attributes (no inline style, so the CSP holds). */
function chart(minutes) {
  const max = Math.max(1, ...minutes.map((x) => Math.max(x.events, x.delivered, x.failedAttempts)));
  const W = 1200, H = 150, slot = W / minutes.length, bar = slot / 3.5;
  const svg = document.createElementNS(SVG, 'svg');
  svg.setAttribute('viewBox', `0 0 ${W} ${H + 16}`);
  svg.setAttribute('class', 'chart');
  svg.setAttribute('role', 'img');
  svg.setAttribute('aria-label', `Events, deliveries and failed attempts per minute over the last hour; peak ${max}`);
  minutes.forEach((x, i) => {
    [['events', x.events], ['delivered', x.delivered], ['failed', x.failedAttempts]].forEach(([cls, v], j) => {
      const r = document.createElementNS(SVG, 'rect');
      const height = v === 0 ? 0 : Math.max(1, (v / max) * H);
      r.setAttribute('x', String(i * slot + j * bar));
      r.setAttribute('y', String(H - height));
      r.setAttribute('width', String(bar));
      r.setAttribute('height', String(height));
      r.setAttribute('class', cls);
      const t = document.createElementNS(SVG, 'title');
      t.textContent = `${new Date(x.at).toLocaleTimeString()}: ${v} ${cls === 'failed' ? 'failed attempts' : cls}`;
      r.append(t);
      svg.append(r);
    });
  });
  const axis = document.createElementNS(SVG, 'line');
  for (const [k, v] of [['x1', 0], ['x2', W], ['y1', H], ['y2', H], ['class', 'axis']]) axis.setAttribute(k, String(v));
  svg.append(axis);
  for (const [i, label] of [[0, '60 min ago'], [minutes.length - 1, 'now']]) {
    const t = document.createElementNS(SVG, 'text');
    t.setAttribute('x', String(i === 0 ? 0 : W));
    t.setAttribute('y', String(H + 14));
    t.setAttribute('text-anchor', i === 0 ? 'start' : 'end');
    t.setAttribute('class', 'axis-label');
    t.textContent = label;
    svg.append(t);
  }
  return svg;
}
