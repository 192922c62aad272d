// What one order costs, all processes together: CPU, database commands, Kafka messages
// and produce requests, from /proc and the services' own /metrics around an order step.
import { scrapeMetrics, sumSeries } from './http.mjs';
import { SERVICES, SERVICE_NAMES } from '../../scripts/lib/services.mjs';
import { round } from './stats.mjs';

const COUNTERS = {
  dbCommands: 'db_command_duration_seconds_count',
  kafkaMessages: 'events_produced_total',
  kafkaProduceRequests: 'kafka_produce_requests_total',
};
// Processes that are the bench, not the stack under test.
const NOT_THE_STACK = new Set(['bench', 'bare-node-http']);

/** The counters summed over every service (a service that does not answer counts 0). */
async function counters() {
  const totals = Object.fromEntries(Object.keys(COUNTERS).map((k) => [k, 0]));
  await Promise.all(
    SERVICE_NAMES.map(async (service) => {
      try {
        const base = `http://127.0.0.1:${SERVICES[service].port}`;
        const metrics = await scrapeMetrics(base, '');
        for (const [key, name] of Object.entries(COUNTERS)) totals[key] += sumSeries(metrics, name);
      } catch {
        // not up: counts nothing
      }
    }),
  );
  return totals;
}

export async function perOrderSnapshot(cpu) {
  return { cpu: cpu.take(), counters: await counters() };
}

/**
 * Per accepted order, from `before` (taken as the step began) to now (after its drain):
 * every accepted order settled by then, so each one's whole saga is inside the window,
 * and so is the stack's idle cost over the step, which an order at that rate also pays.
 */
export async function perOrder(cpu, before, orders) {
  const after = await perOrderSnapshot(cpu);
  if (orders === 0) return null;
  const use = cpu.between(before.cpu, after.cpu);
  const byProcess = {};
  let total = 0;
  for (const [name, pct] of Object.entries(use.byProcess)) {
    if (NOT_THE_STACK.has(name)) continue;
    const ms = (pct / 100) * use.seconds * 1000;
    total += ms;
    byProcess[name] = round(ms / orders, 1);
  }
  const per = (key) => round((after.counters[key] - before.counters[key]) / orders, 1);
  return {
    orders,
    cpuMsPerOrder: round(total / orders, 1),
    cpuMsPerOrderByProcess: Object.fromEntries(Object.entries(byProcess).sort(([, a], [, b]) => b - a)),
    dbCommandsPerOrder: per('dbCommands'),
    kafkaMessagesPerOrder: per('kafkaMessages'),
    kafkaProduceRequestsPerOrder: per('kafkaProduceRequests'),
  };
}
