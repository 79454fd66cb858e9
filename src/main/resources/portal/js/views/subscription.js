// One subscription: its definition and health, the actions on it, its secret, a test of any catalog type, its
// delivery log and replay.
import { get, post, del, enc } from '../api.js';
import { h, clear, time, field, loading, failure, outcome, percent, action, path } from '../dom.js';
import { state, stats } from './subscriptions.js';
import { deliveryLog, replayForm } from './log.js';

export async function render(main, ctx) {
  const [id] = ctx.params;
  document.title = `${id} · Herald`;
  clear(main, h('h1', {}, id), loading('the subscription'));
  let s;
  try {
    s = await get(`/api/v1/subscriptions/${enc(id)}`);
  } catch (err) {
    clear(main, h('h1', {}, id), failure(`subscription ${id}`, err));
    return;
  }
  const log = deliveryLog(s.id, { onLeave: ctx.onLeave, status: ctx.query.get('status') });
  const healthCard = health(s);
  const readOnly = s.source === 'config';
  clear(main,
    h('div', { class: 'title-row' },
      h('h1', {}, s.id, ' ', state(s)),
      h('div', { class: 'actions' },
        readOnly ? null : h('a', { class: 'button', href: path('subscriptions', s.id, 'edit') }, 'Edit'),
        action(s.enabled ? 'Disable' : 'Enable', async () => {
          await post(`/api/v1/subscriptions/${enc(s.id)}/${s.enabled ? 'disable' : 'enable'}`);
          ctx.navigate(path('subscriptions', s.id));
        }),
        readOnly ? null : action('Delete', async () => {
          await del(`/api/v1/subscriptions/${enc(s.id)}`);
          ctx.navigate('#/subscriptions');
        }, { class: 'danger', confirm: `Delete subscription ${s.id}? Its deliveries stop at once.` }))),
    readOnly ? h('p', { class: 'notice' }, 'This subscription comes from config.yaml: change it there. It can still be enabled, disabled and tested here.') : null,
    h('div', { class: 'grid' }, definition(s), healthCard.element),
    h('div', { class: 'grid' }, testCard(s, () => { log.refresh(); healthCard.refresh(); }), secretCard(s, readOnly)),
    log.element,
    replayForm(s.id, () => setTimeout(log.refresh, 500)));
}

function definition(s) {
  const facts = [
    ['URL', h('span', { class: 'url' }, s.url)],
    ['Events', s.events.join(', ')],
    ['Format', s.format],
    s.tenant ? ['Tenant', s.tenant] : null,
    ['Source', s.source === 'config' ? 'config.yaml' : 'API'],
    ['Created', time(s.createdAt)],
    Object.keys(s.headers || {}).length ? ['Headers', Object.entries(s.headers).map(([k, v]) => `${k}: ${v}`).join('\n')] : null,
    s.timeout ? ['Timeout', s.timeout] : null,
    s.retrySchedule ? ['Retry schedule', s.retrySchedule.join(', ') || 'no retries'] : null,
    s.ordered ? ['Ordered', 'yes: one at a time, in order'] : null,
  ].filter(Boolean);
  return h('section', { class: 'card', 'aria-labelledby': 'def-title' },
    h('h2', { id: 'def-title' }, 'Definition'),
    h('dl', { class: 'facts' }, facts.map(([k, v]) => [h('dt', {}, k), h('dd', {}, v)])));
}

function health(s) {
  const body = h('div', {}, loading('health'));
  const refresh = () => stats(s.id).then((st) => {
    const a = st.lastAttempt;
    const r = st.recent;
    clear(body, h('dl', { class: 'facts' },
      h('dt', {}, 'State'), h('dd', {}, s.enabled ? 'Enabled' : `Disabled (${s.disabledReason})`),
      h('dt', {}, 'Last attempt'), h('dd', {}, a ? [outcome(a), ' ', time(a.at), a.error ? h('div', { class: 'bad' }, a.error) : null]
        : h('span', { class: 'muted' }, 'none yet')),
      h('dt', {}, 'Recent success'), h('dd', {}, r.successRate == null ? h('span', { class: 'muted' }, 'no deliveries yet')
        : `${percent(r.successRate)} (${r.succeeded} of the last ${r.deliveries} deliver${r.deliveries === 1 ? 'y' : 'ies'})`),
      h('dt', {}, 'Failures in a row'), h('dd', { class: st.consecutiveFailures ? 'bad' : '' }, String(st.consecutiveFailures))));
  }).catch((err) => clear(body, failure('health', err)));
  refresh();
  return {
    refresh,
    element: h('section', { class: 'card', 'aria-labelledby': 'health-title' }, h('h2', { id: 'health-title' }, 'Health'), body),
  };
}

function testCard(s, afterTest) {
  const type = h('select', {}, h('option', { value: '' }, 'webhook.test (a plain test event)'));
  get('/api/v1/event-types').then((r) => {
    for (const t of r.eventTypes) type.append(h('option', { value: t.name }, t.description ? `${t.name} — ${t.description}` : t.name));
  }).catch(() => type.append(h('option', { value: '', disabled: true }, '(the catalog could not be loaded)')));
  const result = h('div', { role: 'status', class: 'action-message' });
  const button = h('button', { type: 'submit', disabled: !s.enabled }, 'Send test');
  const form = h('form', { class: 'inline-form' }, field('Event type', type), button);
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    button.disabled = true;
    result.className = 'action-message';
    result.textContent = 'Sending…';
    try {
      const d = await post(`/api/v1/subscriptions/${enc(s.id)}/test`, type.value ? { eventType: type.value } : {});
      result.textContent = `Queued ${d.id}; waiting for the answer…`;
      const done = await waitForAttempt(d.id);
      const a = done?.attempts[done.attempts.length - 1];
      result.textContent = a ? `${done.id}: ${a.statusCode == null ? a.error : `HTTP ${a.statusCode}`} in ${a.durationMs} ms.`
        : `${d.id} is still pending: see the deliveries below.`;
      afterTest();
    } catch (err) {
      result.className = 'action-message bad';
      result.textContent = err.message;
    } finally {
      button.disabled = !s.enabled;
    }
  });
  return h('section', { class: 'card', 'aria-labelledby': 'test-title' },
    h('h2', { id: 'test-title' }, 'Send a test'),
    h('p', { class: 'muted' }, s.enabled ? 'Sends one event of the chosen type, with the catalog\'s example as its data, to this subscription only.'
      : 'Enable the subscription to send a test.'),
    form, result);
}

/** Polls the delivery until its first attempt is on record (at most 15 s). */
async function waitForAttempt(id) {
  const until = Date.now() + 15000;
  while (Date.now() < until) {
    try {
      const d = await get(`/api/v1/deliveries/${enc(id)}`, { noRedirect: false });
      if (d.attempts.length > 0) return d;
    } catch (err) {
      if (err.status !== 404) throw err; // 404: no record yet
    }
    await new Promise((r) => setTimeout(r, 400));
  }
  return null;
}

function secretCard(s, readOnly) {
  const out = h('div', { class: 'secret-out' });
  const show = (secret, note) => clear(out,
    field('Signing secret', h('input', { type: 'text', readonly: true, value: secret, class: 'mono', spellcheck: 'false' })),
    note ? h('p', { class: 'muted' }, note) : null,
    h('button', { type: 'button', class: 'link', onclick: () => clear(out) }, 'Hide the secret'));
  const grace = h('input', { type: 'text', value: '24h', spellcheck: 'false', pattern: '[0-9]+(ms|s|m|h|d)' });
  return h('section', { class: 'card', 'aria-labelledby': 'secret-title' },
    h('h2', { id: 'secret-title' }, 'Secret'),
    h('p', { class: 'muted' }, 'Receivers verify each webhook\'s signature with it. During a rotation both secrets sign.'),
    h('div', { class: 'inline-form' },
      action('Reveal secret', async () => {
        show((await get(`/api/v1/subscriptions/${enc(s.id)}/secret`)).secret);
      }),
      readOnly ? null : short(field('Old one valid for', grace)),
      readOnly ? null : action('Rotate secret', async () => {
        const g = grace.value.trim() || '24h';
        const r = await post(`/api/v1/subscriptions/${enc(s.id)}/secret/rotate`, { grace: g });
        show(r.secret, `New secret in use. The old one keeps signing beside it for ${g}.`);
        return 'Rotated.';
      }, { confirm: 'Rotate the secret? Receivers need the new one before the grace period ends.' })),
    out);
}

function short(el) {
  el.classList.add('short');
  return el;
}
