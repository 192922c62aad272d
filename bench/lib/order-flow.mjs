// The order flow at rising offered rates, each step judged: did it keep up, and if not,
// what limited it (CPU per process, consumer lag, outbox backlog, time per event).
import { saturation } from './analysis.mjs';
import { request } from './http.mjs';
import { outcomeWatcher, sagaLag } from './kafka.mjs';
import { orderStep } from './orders.mjs';
import { perOrder, perOrderSnapshot } from './per-order.mjs';
import { sagaDelta, sagaSnapshot } from './saga-metrics.mjs';
import { notReady } from './stack.mjs';
import { sleep } from './stats.mjs';

/** Back to normal: every service's /health/ready answers 200 and no saga consumer group is behind. */
async function recovered() {
  if ((await notReady()).length) return false;
  return Object.values(await sagaLag()).every((lag) => lag === 0);
}

/** A first order per product (order-service learns prices from product-created), and proof the watcher sees outcomes. */
async function warmUpOrders({ settings, log }, api, tokens, products, watcher) {
  const ids = [];
  for (const [i, product] of products.entries()) {
    const body = { items: [{ product, quantity: 1 }] };
    const deadline = Date.now() + 30_000;
    for (;;) {
      const res = await request('POST', `${api}/orders`, { token: tokens[i % tokens.length], body }).catch((e) => ({
        status: 0,
        text: e.message,
      }));
      if (res.status === 201) {
        ids.push(res.body._id);
        break;
      }
      // 400: the price has not reached order-service yet; 503: a dependency is briefly unavailable.
      if (![0, 400, 503].includes(res.status) || Date.now() > deadline)
        throw new Error(`warm-up order: HTTP ${res.status} ${res.text}`);
      await sleep(250);
    }
  }
  const deadline = Date.now() + settings.warmupOrdersSeconds * 1000;
  while (ids.some((id) => !watcher.outcomes.has(id)) && Date.now() < deadline) await sleep(100);
  const left = ids.filter((id) => !watcher.outcomes.has(id)).length;
  if (left === ids.length)
    throw new Error(
      `no warm-up order settled within ${settings.warmupOrdersSeconds} s: the saga is stalled or far behind`,
    );
  if (left > 0)
    log(
      `orders: warning: ${left} of ${ids.length} warm-up orders still unsettled after ${settings.warmupOrdersSeconds} s (the saga is behind)`,
    );
  return { warmupOrders: ids.length, warmupUnsettled: left };
}

/** `ctx`: { settings, log, cpu, cleanups } of the run. */
export async function orderFlow(ctx, api, tokens, products) {
  const { settings, log, cpu, cleanups } = ctx;
  log('orders: Kafka watcher and warm-up…');
  const watcher = await outcomeWatcher();
  cleanups.push(() => watcher.stop());
  const warmup = await warmUpOrders(ctx, api, tokens, products, watcher);
  const steps = [];
  const skipped = [];
  for (const rate of settings.rates) {
    const overwhelmed = steps.find((s) => s.unsettledAfterDrain > 0.2 * s.accepted);
    if (overwhelmed) {
      // A higher rate would only pile a longer backlog onto a shared stack that is already behind.
      skipped.push({
        offeredPerSecond: rate,
        reason: `skipped: at ${overwhelmed.offeredPerSecond}/s, ${overwhelmed.unsettledAfterDrain} of ${overwhelmed.accepted} orders were unsettled after the drain`,
      });
      continue;
    }
    log(`orders: ${rate}/s for ${settings.orderSeconds} s…`);
    const lagBefore = await sagaLag().catch(() => ({}));
    const sagaBefore = await sagaSnapshot();
    const cpuBefore = cpu.take();
    const costBefore = await perOrderSnapshot(cpu);
    const step = await orderStep({
      api,
      rate,
      seconds: settings.orderSeconds,
      drainSeconds: settings.drainSeconds,
      tokens,
      products,
      watcher,
      recovered,
      onWindowEnd: async () => {
        const cpuUse = cpu.between(cpuBefore, cpu.take());
        const [lagAfter, sagaAfter] = await Promise.all([sagaLag().catch(() => ({})), sagaSnapshot()]);
        const lagGrowth = Object.fromEntries(Object.entries(lagAfter).map(([k, n]) => [k, n - (lagBefore[k] ?? 0)]));
        return {
          cpu: cpuUse,
          lagBefore,
          lagAfter,
          lagGrowth,
          stages: sagaDelta(sagaBefore, sagaAfter, settings.orderSeconds),
        };
      },
    });
    step.perOrder = step.unsettledAfterDrain === 0 ? await perOrder(cpu, costBefore, step.accepted) : null;
    step.saturation = saturation(step);
    steps.push(step);
    log(
      `orders: ${rate}/s → ${step.confirmedPerSecond} confirmed/s, p50 ${step.endToEndMs.p50} ms, p99 ${step.endToEndMs.p99} ms, ` +
        `${step.refused} refused, ${step.unsettledAfterDrain} unsettled, recovered ${step.recoverySeconds ?? 'not'} s after; ` +
        `${step.sustained ? 'kept up' : `limited by ${step.saturation.limitedBy}`}`,
    );
  }
  for (const skip of skipped) log(`orders: ${skip.offeredPerSecond}/s ${skip.reason}`);
  return { watcher, steps, skipped, ...warmup };
}
