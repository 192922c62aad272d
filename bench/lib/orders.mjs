// Open-loop order load: orders are sent on a fixed schedule whatever the answers,
// so a slow system builds a backlog instead of quietly lowering the offered rate.
// End-to-end latency runs from the moment POST /api/orders is sent to the moment
// order-confirmed appears on Kafka (CONFIRMED is reached slightly before, when the
// transition is stored; the HTTP poll of a few orders cross-checks the gap).
import { request } from './http.mjs';
import { percentiles, round, sleep } from './stats.mjs';

const TICK_MS = 2;
const POLL_EVERY_MS = 200;
// At most this many orders polled at once: on a stalled flow the polls must not become load of their own.
const MAX_POLLERS = 3;
// Recovery is checked this often after the window, for at most the drain plus this long.
const RECOVERY_POLL_MS = 500;
const RECOVERY_EXTRA_SECONDS = 30;

/** One order: a random customer buys one unit of a random product. */
function orderBody(products, n) {
  return { items: [{ product: products[n % products.length], quantity: 1 }] };
}

/** Polls one order over HTTP until it settles; the cross-check of the Kafka timestamps. */
async function pollUntilSettled(api, token, orderId, timeoutMs) {
  const deadline = performance.now() + timeoutMs;
  while (performance.now() < deadline) {
    try {
      const res = await request('GET', `${api}/orders/${orderId}`, { token, timeoutMs: 5_000 });
      if (res.body?.status === 'CONFIRMED' || res.body?.status === 'CANCELLED')
        return { status: res.body.status, at: performance.now() };
    } catch {
      // count it as not settled yet
    }
    await sleep(POLL_EVERY_MS);
  }
  return null;
}

/** Milliseconds from now until `recovered()` holds, or null when it does not within `capMs`. */
async function timeToRecover(recovered, capMs) {
  const start = performance.now();
  while (performance.now() - start < capMs) {
    if (await recovered().catch(() => false)) return performance.now() - start;
    await sleep(RECOVERY_POLL_MS);
  }
  return null;
}

/**
 * Sends `rate` orders/s for `seconds`, then waits up to `drainSeconds` for the
 * outcomes of what was accepted. About one order a second is also polled over HTTP.
 * `recovered()` says whether the stack is back to normal (every service ready, no
 * backlog); it is polled from the end of the window, and the step returns only once
 * it holds (or the drain plus 30 s have passed), so the next step starts on a healthy stack.
 */
export async function orderStep({
  api,
  rate,
  seconds,
  drainSeconds,
  tokens,
  products,
  watcher,
  onWindowEnd,
  recovered,
}) {
  const total = Math.round(rate * seconds);
  const records = [];
  const inFlight = [];
  const polls = [];
  let pollers = 0;
  const pollEvery = Math.max(1, Math.round(rate));
  let maxSendLagMs = 0;

  const send = (n) => {
    const scheduled = t0 + (n * 1000) / rate;
    const token = tokens[n % tokens.length];
    const rec = { n, sent: performance.now() };
    maxSendLagMs = Math.max(maxSendLagMs, rec.sent - scheduled);
    records.push(rec);
    const done = request('POST', `${api}/orders`, { token, body: orderBody(products, n * 7 + 3), timeoutMs: 30_000 })
      .then((res) => {
        rec.answered = performance.now();
        rec.status = res.status;
        rec.retryAfter = res.headers.get('retry-after');
        rec.orderId = res.body?._id;
        if (res.status === 201 && n % pollEvery === 0 && pollers < MAX_POLLERS) {
          pollers++;
          polls.push(
            pollUntilSettled(api, token, rec.orderId, (seconds + drainSeconds) * 1000).then((p) => {
              rec.poll = p;
              pollers--;
            }),
          );
        }
      })
      .catch((error) => {
        rec.answered = performance.now();
        rec.status = 0;
        // fetch says only "fetch failed"; its cause says how (a refused or reset connection, a connect timeout).
        const cause = error.cause?.code ?? error.cause?.message;
        rec.error = error.name === 'TimeoutError' ? 'timeout' : cause ? `${error.message} (${cause})` : error.message;
      });
    inFlight.push(done);
  };

  const t0 = performance.now();
  let sent = 0;
  while (sent < total) {
    const due = Math.min(total, Math.floor(((performance.now() - t0) * rate) / 1000) + 1);
    while (sent < due) send(sent++);
    await sleep(TICK_MS);
  }
  const windowEnd = t0 + seconds * 1000;
  if (performance.now() < windowEnd) await sleep(windowEnd - performance.now());
  const recovery = timeToRecover(recovered, (drainSeconds + RECOVERY_EXTRA_SECONDS) * 1000);
  const windowStats = onWindowEnd ? await onWindowEnd() : undefined;

  await Promise.all(inFlight);
  const accepted = records.filter((r) => r.status === 201);
  const drainDeadline = performance.now() + drainSeconds * 1000;
  while (performance.now() < drainDeadline && accepted.some((r) => !watcher.outcomes.has(r.orderId))) await sleep(50);
  const drainedAfterMs = performance.now() - windowEnd;
  await Promise.all(polls);
  const recoveredAfterMs = await recovery;

  return summarise({
    rate,
    seconds,
    drainSeconds,
    t0,
    records,
    accepted,
    watcher,
    maxSendLagMs,
    drainedAfterMs,
    recoveredAfterMs,
    windowStats,
  });
}

function summarise({
  rate,
  seconds,
  drainSeconds,
  t0,
  records,
  accepted,
  watcher,
  maxSendLagMs,
  drainedAfterMs,
  recoveredAfterMs,
  windowStats,
}) {
  const confirmed = [];
  const cancelled = [];
  const unsettled = [];
  for (const rec of accepted) {
    const outcome = watcher.outcomes.get(rec.orderId);
    if (!outcome) unsettled.push(rec);
    else (outcome.status === 'CONFIRMED' ? confirmed : cancelled).push({ ...rec, outcomeAt: outcome.at });
  }
  const latencies = confirmed.map((r) => r.outcomeAt - r.sent);
  const lastOutcome = Math.max(...confirmed.map((r) => r.outcomeAt), t0 + seconds * 1000);
  // Orders confirmed over the time it took to confirm them: the offered rate when the
  // flow keeps up, the flow's capacity when it does not (the backlog drains at that rate).
  const confirmedPerSecond = confirmed.length / ((lastOutcome - t0) / 1000);
  // Load shed on purpose (docs/ARCHITECTURE.md, "Admission control"): a quick 503 or 429 with Retry-After.
  const isRefusal = (r) => (r.status === 503 || r.status === 429) && r.retryAfter;
  const refused = records.filter(isRefusal);
  const errors = {};
  for (const rec of records.filter((r) => r.status !== 201 && !isRefusal(r))) {
    const key = rec.status ? `HTTP ${rec.status}` : rec.error;
    errors[key] = (errors[key] ?? 0) + 1;
  }
  const postLatency = records.filter((r) => r.answered && r.status === 201).map((r) => r.answered - r.sent);
  // Kafka-seen minus HTTP-poll-seen, for the orders polled: how late the Kafka stamp is.
  const pollGaps = confirmed.filter((r) => r.poll?.status === 'CONFIRMED').map((r) => r.outcomeAt - r.poll.at);
  // POST → CONFIRMED as a client polling GET /api/orders/:id sees it, for the polled sample.
  const polledConfirmed = accepted.filter((r) => r.poll?.status === 'CONFIRMED').map((r) => r.poll.at - r.sent);

  const sustained =
    unsettled.length === 0 &&
    confirmedPerSecond >= 0.9 * rate &&
    (cancelled.length === 0 || cancelled.length < 0.01 * accepted.length);
  return {
    offeredPerSecond: rate,
    seconds,
    sent: records.length,
    accepted: accepted.length,
    acceptedPerSecond: round(accepted.length / seconds),
    refused: refused.length,
    refusedMs: percentiles(
      refused.map((r) => r.answered - r.sent),
      [50, 99],
    ),
    confirmed: confirmed.length,
    cancelled: cancelled.length,
    unsettledAfterDrain: unsettled.length,
    confirmedPerSecond: round(confirmedPerSecond),
    sustained,
    endToEndMs: percentiles(latencies),
    postMs: percentiles(postLatency),
    errors,
    drainedSeconds: round(Math.min(drainedAfterMs, drainSeconds * 1000) / 1000, 1),
    // From the end of the window until every /health/ready answered 200 and the saga's lag was 0; null: not within the cap.
    recoverySeconds: recoveredAfterMs === null ? null : round(recoveredAfterMs / 1000, 1),
    maxSendLagMs: round(maxSendLagMs),
    pollCrossCheck: {
      polled: polledConfirmed.length,
      confirmedViaHttpMs: percentiles(polledConfirmed, [50, 95]),
      kafkaMinusPollMsP50: percentiles(pollGaps, [50]).p50,
    },
    ...windowStats,
  };
}
