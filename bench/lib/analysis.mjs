// Turns measurements into verdicts: which targets are met (and by how much they are
// missed), and what limited each order step: CPU, the database, Kafka or a service.
import { round } from './stats.mjs';
import { topConsumers } from './cpu.mjs';

const pct = (v) => (v === null ? 'n/a' : `${round(v * 100, 0)}%`);
const times = (v) => (v === null ? 'n/a' : `${v}×`);
const ms = (v) => (v === null ? 'n/a' : `${v} ms`);
const perSec = (v) => (v === null ? 'n/a' : `${v}/s`);

export function targets(results) {
  const { ratios } = results.http;
  const list = [
    {
      id: 'gatewayVsBare',
      figure: 'Cached GET /api/products via the gateway, share of the bare node:http ceiling',
      min: 0.3,
      value: ratios.gatewayVsBare,
      show: pct,
    },
    {
      id: 'directVsBare',
      figure: 'Cached GET :3002/products direct, share of the bare node:http ceiling',
      min: 0.2,
      value: ratios.directVsBare,
      show: pct,
    },
    {
      id: 'directCpuMsPerRequest',
      figure: 'product-service CPU per cached request',
      max: 0.1,
      inclusive: true,
      value: results.http.direct.cpuMsPerRequest,
      show: ms,
    },
    {
      id: 'gatewayVsDirect',
      figure: 'Gateway throughput, share of direct GET :3002/products',
      min: 0.6,
      value: ratios.gatewayVsDirect,
      show: pct,
    },
    {
      id: 'cacheSpeedup',
      figure: 'Cache hit vs miss on product-service (p50 latency, 1 connection)',
      min: 5,
      value: ratios.cacheSpeedupP50,
      show: times,
    },
    {
      id: 'ordersPerSecond',
      figure: 'Confirmed orders per second (best step)',
      min: 200,
      value: results.ordersPerSecond,
      show: perSec,
    },
    { id: 'p99At100', figure: 'p99 POST → CONFIRMED at 100 orders/s', max: 1000, value: results.p99, show: ms },
    {
      id: 'p99At50',
      figure: 'p99 POST → CONFIRMED at 50 orders/s',
      max: 1000,
      value: results.orders.p99At50Ms,
      show: ms,
    },
    {
      id: 'cpuMsPerOrder',
      figure: 'CPU per confirmed order, all processes',
      max: 50,
      inclusive: true,
      value: results.orders.cpuMsPerOrder,
      show: ms,
    },
    {
      id: 'dbCommandsPerOrder',
      figure: 'Database commands per order',
      max: 15,
      inclusive: true,
      value: results.orders.dbCommandsPerOrder,
      show: (x) => (x === null ? 'n/a' : String(x)),
    },
  ];
  const skipped100 = results.orders.skipped?.find((s) => s.offeredPerSecond === 100);
  const why = results.orders.error ? `order flow failed: ${results.orders.error}` : skipped100?.reason;
  for (const t of list)
    if (t.id === 'p99At100' || (t.id === 'ordersPerSecond' && results.orders.error)) t.unmeasured = why;
  return list.map((t) => {
    const met =
      t.value === null || t.value === undefined
        ? false
        : t.min !== undefined
          ? t.value >= t.min
          : t.inclusive
            ? t.value <= t.max
            : t.value < t.max;
    let gap = null;
    if (!met && t.value !== null && t.value !== undefined) {
      gap =
        t.min !== undefined
          ? `${round((100 * t.value) / t.min, 0)}% of the target (short by ${t.show(round(t.min - t.value, 2))})`
          : `${round(t.value / t.max, 1)}× the limit (over by ${t.show(round(t.value - t.max, t.max < 1 ? 3 : 0))})`;
    } else if (!met) gap = t.unmeasured ?? 'not measured';
    return {
      id: t.id,
      figure: t.figure,
      target: t.min !== undefined ? `≥ ${t.show(t.min)}` : `${t.inclusive ? '≤' : '<'} ${t.show(t.max)}`,
      value: t.value ?? null,
      shown: t.show(t.value ?? null),
      met,
      gap,
    };
  });
}

const DB = new Set(['ferretdb']);
const KAFKA = new Set(['kafka']);

function kindOf(name) {
  if (DB.has(name)) return 'database';
  if (KAFKA.has(name)) return 'kafka';
  if (name === 'redis') return 'redis';
  if (name === 'bench') return 'load generator';
  return 'service';
}

/**
 * What limited an order step: the whole machine's CPU (and who used it), one
 * single-threaded process at a full core, or nothing on the CPU (then the per-event
 * latency of consumers that take one message at a time); plus where the backlog grew.
 */
export function saturation(step) {
  const cpu = step.cpu;
  const [topName, topPct] = Object.entries(cpu.byProcess)[0] ?? ['none', 0];
  const growth = Object.entries(step.lagGrowth ?? {}).sort(([, a], [, b]) => b - a)[0];
  const backlog =
    growth && growth[1] > 0 ? `backlog grew most at ${growth[0]} (+${growth[1]} messages)` : 'no consumer backlog grew';
  const slowest = Object.entries(step.stages ?? {})
    .filter(([, s]) => typeof s === 'object' && s.meanMs !== undefined)
    .sort(([, a], [, b]) => b.meanMs - a.meanMs)[0];
  const stage = slowest ? `slowest consumer: ${slowest[0]} at ${slowest[1].meanMs} ms per event` : '';
  const outbox = Object.entries(step.stages ?? {})
    .filter(([k, n]) => k.endsWith('outbox pending') && n > 0)
    .map(([k, n]) => `${k.replace(' outbox pending', '')} outbox ${n} unpublished`)
    .join(', ');
  const shed = step.refused
    ? `${step.refused} refused by admission control (p99 ${step.refusedMs.p99} ms), back to ready with no backlog ${step.recoverySeconds === null ? 'not within the wait' : `${step.recoverySeconds} s after the window`}`
    : '';
  let limitedBy;
  let why;
  if (cpu.machinePct >= 85) {
    limitedBy = `CPU (machine), mostly ${kindOf(topName) === 'service' ? topName : `${kindOf(topName)} (${topName})`}`;
    why = `machine ${cpu.machinePct}% busy of ${cpu.cores} cores; ${topConsumers(cpu)}`;
  } else if (topPct >= 90) {
    limitedBy = `${kindOf(topName)} (${topName}) at a full core`;
    why = `${topConsumers(cpu)}; machine ${cpu.machinePct}% busy`;
  } else {
    limitedBy = 'not CPU: per-event latency (one message at a time per consumer)';
    why = `machine ${cpu.machinePct}% busy; ${topConsumers(cpu)}`;
  }
  return {
    saturated: !step.sustained,
    limitedBy,
    evidence: [why, backlog, outbox, stage, shed].filter(Boolean).join('; '),
  };
}
