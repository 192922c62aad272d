// The console's panels: each asks one or two APIs and draws what they answer.
import { api } from './api.js';
import { $, cell, el, time } from './dom.js';

const STATUSES = ['PENDING', 'PAID', 'CONFIRMED', 'SHIPPED', 'CANCELLED'];
const COLORS = { PENDING: '#9ca3af', PAID: '#3b82f6', CONFIRMED: '#16a34a', SHIPPED: '#7c3aed', CANCELLED: '#dc2626' };

let openTimeline;
let lastDrawn;

async function health() {
  const body = await api('GET', '/health');
  $('platform').textContent = body.status;
  $('platform').className = `badge ${body.status}`;
  // The gateway's own status is that of its own checks: `status` is the whole platform's.
  const own = Object.values(body.checks ?? {}).every((c) => c.status === 'up') ? 'UP' : 'DOWN';
  const rows = [['api-gateway', { status: own, redis: body.redis }]];
  for (const [name, service] of Object.entries(body.services ?? {})) rows.push([name, service]);
  $('health-rows').replaceChildren(
    ...rows.map(([name, s]) =>
      el(
        'tr',
        { 'data-service': name, 'data-status': s.status },
        el('td', {}, name),
        cell(s.status),
        cell(s.db),
        cell(s.kafka),
        cell(s.consumer),
        cell(s.redis),
      ),
    ),
  );
}

async function lag() {
  const body = await api('GET', '/api/admin/consumer-lag');
  $('lag-groups').replaceChildren(
    ...body.groups.map((g) =>
      el(
        'details',
        { 'data-group': g.group },
        el(
          'summary',
          {},
          el('strong', {}, g.group),
          `: ${g.lag} message(s) behind, over ${g.partitions.length} partition(s)`,
        ),
        el(
          'table',
          {},
          el('tr', {}, ...['topic', 'partition', 'committed', 'end', 'lag'].map((h) => el('th', {}, h))),
          ...g.partitions.map((p) =>
            el('tr', {}, ...[p.topic, p.partition, p.committed, p.end, p.lag].map((v) => el('td', {}, String(v)))),
          ),
        ),
      ),
    ),
  );
}

async function stats() {
  const body = await api('GET', '/api/orders/stats?minutes=60&buckets=12');
  const W = 560,
    H = 180,
    PAD = 24;
  const max = Math.max(1, ...body.buckets.map((b) => STATUSES.reduce((sum, s) => sum + b.counts[s], 0)));
  const slot = (W - PAD) / body.buckets.length;
  const svg = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
  svg.setAttribute('viewBox', `0 0 ${W} ${H + 18}`);
  svg.setAttribute('width', '100%');
  svg.setAttribute('role', 'img');
  const add = (name, attrs, text) => {
    const node = document.createElementNS('http://www.w3.org/2000/svg', name);
    for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, String(v));
    if (text !== undefined) node.textContent = text;
    svg.append(node);
    return node;
  };
  add('text', { x: 0, y: 10, 'font-size': 10, fill: '#6b7280' }, String(max));
  add('line', { x1: PAD, y1: H, x2: W, y2: H, stroke: '#9ca3af' });
  body.buckets.forEach((b, i) => {
    let y = H;
    for (const s of STATUSES) {
      const h = (b.counts[s] / max) * (H - 14);
      if (h > 0) {
        const bar = add('rect', { x: PAD + i * slot + 2, y: y - h, width: slot - 4, height: h, fill: COLORS[s] });
        bar.append(
          Object.assign(document.createElementNS('http://www.w3.org/2000/svg', 'title'), {
            textContent: `${b.counts[s]} ${s}`,
          }),
        );
        y -= h;
      }
    }
    if (i % 3 === 0)
      add(
        'text',
        { x: PAD + i * slot, y: H + 14, 'font-size': 10, fill: '#6b7280' },
        new Date(b.from).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' }),
      );
  });
  $('chart').replaceChildren(svg);
  $('legend').replaceChildren(
    ...STATUSES.map((s) =>
      el('span', { 'data-status': s }, el('i', { style: `background:${COLORS[s]}` }), `${s} ${body.totals[s]}`),
    ),
    ...(body.truncated ? [el('span', { class: 'muted' }, '(newest 5,000 orders only)')] : []),
  );
}

async function orders() {
  const list = await api('GET', '/api/orders?limit=10');
  $('order-rows').replaceChildren(
    ...list.map((o) =>
      el(
        'tr',
        { 'data-order': o._id },
        el('td', {}, el('code', {}, o._id)),
        el('td', {}, new Date(o.createdAt).toLocaleString()),
        cell(o.status),
        el('td', {}, o.totalAmount.toFixed(2)),
        el('td', {}, el('button', { type: 'button', onclick: () => showTimeline(o._id) }, 'timeline')),
      ),
    ),
  );
  if (openTimeline) await showTimeline(openTimeline);
}

async function showTimeline(orderId) {
  openTimeline = orderId;
  const body = await api('GET', `/api/orders/${orderId}/timeline`);
  $('timeline').hidden = false;
  $('timeline-order').textContent = orderId;
  $('timeline-steps').replaceChildren(
    ...body.steps.map((s) =>
      el(
        'li',
        { 'data-event': s.event },
        `${time(s.at)} ${s.event} → `,
        el('span', { class: s.status }, s.status),
        ` (${s.service})`,
        s.reason ? ` ${s.reason}` : '',
        s.commands.length ? el('span', { class: 'muted' }, `: ${s.commands.join(', ')}`) : '',
      ),
    ),
  );
}

async function deadLetters() {
  const body = await api('GET', '/api/admin/dead-letters');
  // The topic with the newest letter first: the freshest trouble is the likeliest to need a look.
  const newest = (t) => t.letters.reduce((max, l) => ((l.failedAt ?? '') > max ? l.failedAt : max), '');
  const waiting = body.topics.filter((t) => t.pending > 0).sort((a, b) => newest(b).localeCompare(newest(a)));
  const total = waiting.reduce((sum, t) => sum + t.pending, 0);
  $('dlq-total').textContent = String(total);
  $('dlq-empty').hidden = total > 0;
  // Redrawn only when the letters change, and then letters already shown keep their element: a value being
  // corrected keeps its edits and its focus across polls.
  const drawn = JSON.stringify(waiting.map((t) => [t.topic, t.replayed, t.letters.map(address)]));
  if (drawn === lastDrawn) return;
  lastDrawn = drawn;
  const shown = new Map([...document.querySelectorAll('[data-letter]')].map((node) => [node.dataset.letter, node]));
  $('dlq-topics').replaceChildren(
    ...waiting.map((t) =>
      el(
        'div',
        { class: 'topic', 'data-topic': t.topic },
        el(
          'h3',
          {},
          `${t.topic} `,
          el('span', { class: 'badge' }, `${t.pending} pending`),
          t.replayed ? el('span', { class: 'muted' }, ` ${t.replayed} replayed`) : '',
        ),
        ...t.letters.map((l) => shown.get(address(l)) ?? letterView(l)),
      ),
    ),
  );
}

const address = (l) => `${l.topic}/${l.partition}/${l.offset}`;

function letterView(l) {
  const value = el('textarea', { rows: 3, 'aria-label': 'value to replay' });
  value.value = l.value ?? '';
  const node = el(
    'div',
    { class: 'letter', 'data-letter': address(l), 'data-key': l.key ?? '' },
    el('div', { class: 'reason' }, l.reason ?? 'no reason recorded'),
    el(
      'div',
      { class: 'muted' },
      `by ${l.consumer ?? '?'} at ${l.failedAt ?? '?'}, from ${l.originalTopic}, partition ${l.partition}, offset ${l.offset}, key ${l.key ?? '–'}`,
    ),
    value,
    el(
      'div',
      {},
      el('button', { type: 'button', class: 'replay', onclick: () => replay(l, value) }, 'Replay'),
      ' ',
      el('span', { class: 'muted' }, 'edit the value first to send a corrected event'),
    ),
  );
  return node;
}

async function replay(letter, textarea) {
  $('dlq-error').textContent = '';
  let body = {};
  if (textarea.value !== letter.value) {
    try {
      body = { value: JSON.parse(textarea.value) };
    } catch {
      $('dlq-error').textContent = `The value of ${address(letter)} is not JSON: nothing was replayed.`;
      return;
    }
  }
  try {
    await api(
      'POST',
      `/api/admin/dead-letters/${encodeURIComponent(letter.topic)}/${letter.partition}/${letter.offset}/replay`,
      body,
    );
  } catch (error) {
    $('dlq-error').textContent = `Replay of ${address(letter)} refused: ${error.message}`;
  }
  await deadLetters().catch((error) => ($('dlq-error').textContent = error.message));
}

/** Every panel, redrawn on each poll. */
export const PANELS = [health, lag, stats, orders, deadLetters];
