// bench/results/latest.json (+ a timestamped copy) and bench/results/latest.md.
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const row = (cells) => `| ${cells.join(' | ')} |`;
const table = (head, rows) => [row(head), row(head.map(() => '---')), ...rows.map(row)].join('\n');
const v = (x, unit = '') => (x === null || x === undefined ? 'n/a' : `${x}${unit}`);

export function writeResults(dir, results) {
  mkdirSync(dir, { recursive: true });
  const stamp = results.startedAt.replace(/[:.]/g, '-');
  const latest = join(dir, 'latest.json');
  writeFileSync(latest, `${JSON.stringify(results, null, 2)}\n`);
  copyFileSync(latest, join(dir, `${stamp}.json`));
  writeFileSync(join(dir, 'latest.md'), markdown(results));
  return { json: latest, copy: join(dir, `${stamp}.json`), md: join(dir, 'latest.md') };
}

function httpRows(http) {
  const rows = [];
  for (const [key, label] of [
    ['bare', 'bare node:http, same JSON (ceiling)'],
    ['direct', 'GET :3002/products, cached (direct)'],
    ['gateway', 'GET /api/products, cached (gateway)'],
    ['twoGateways', 'GET /api/products, cached (two gateway instances)'],
    ['miss', 'GET :3002/products, cache miss (unique query)'],
  ]) {
    const s = http[key];
    if (!s) continue;
    rows.push([
      label,
      s.rounds?.length > 1 ? `${s.requestsPerSecond} (rounds: ${s.rounds.join(', ')})` : v(s.requestsPerSecond),
      // autocannon counts whole milliseconds
      s.latencyMs.p50 === 0 ? '< 1 ms' : v(s.latencyMs.p50, ' ms'),
      s.latencyMs.p99 === 0 ? '< 1 ms' : v(s.latencyMs.p99, ' ms'),
      v(s.errorRate === null ? null : `${(s.errorRate * 100).toFixed(2)}%`),
      s.cache ? `${s.cache.hits}/${s.cache.misses}` : '–',
      s.cpuMsPerRequest === undefined ? '–' : v(s.cpuMsPerRequest, ' ms'),
      s.cpu
        ? `${s.cpu.machinePct}% (${Object.entries(s.cpu.byProcess)
            .slice(0, 3)
            .map(([n, p]) => `${n} ${Math.round(p)}%`)
            .join(', ')})`
        : '',
    ]);
  }
  return rows;
}

export function markdown(r) {
  const out = [];
  out.push(`# CommerceX benchmark, ${r.startedAt.slice(0, 16).replace('T', ' ')} UTC`);
  out.push('');
  out.push(
    `Machine: ${r.machine.cores} cores (${r.machine.cpu}), Node ${r.machine.node}. Mode: ${r.options.quick ? 'quick' : 'full'}. ` +
      `Every HTTP scenario: autocannon, ${r.http.connections} connections, ${r.http.seconds} s after ${r.http.warmupSeconds} s warm-up, run from the same machine (the load generator competes for the same cores); ` +
      `bare, direct and gateway alternate for ${r.options.rounds} rounds and each keeps its best.`,
  );
  out.push('');
  out.push(
    `Background before the run (3 s, no bench load): machine ${r.background.machinePct}% busy; ${Object.entries(
      r.background.byProcess,
    )
      .slice(0, 4)
      .map(([n, p]) => `${n} ${Math.round(p)}%`)
      .join(', ')}; other processes ${r.background.otherPct}% of a core.`,
  );
  out.push('');
  out.push('## Targets');
  out.push('');
  out.push(
    table(
      ['figure', 'measured', 'target', 'met?', 'gap'],
      r.targets.map((t) => [t.figure, t.shown, t.target, t.met ? 'yes' : '**no**', t.gap ?? '']),
    ),
  );
  out.push('');
  out.push('## HTTP');
  out.push('');
  out.push(
    table(
      [
        'scenario',
        'req/s',
        'p50',
        'p99',
        'errors',
        'cache hits/misses',
        'CPU per request (service, or gateways + service)',
        'CPU (machine; top processes, % of one core)',
      ],
      httpRows(r.http),
    ),
  );
  out.push('');
  const q = r.http.ratios;
  out.push(
    `Gateway: ${v(q.gatewayVsDirect)} of direct throughput, ${v(q.gatewayVsBare)} of the bare ceiling (two instances: ${v(q.twoGatewaysVsBare)}); p50 ${v(q.gatewayLatencyRatioP50)}× the direct p50. Direct: ${v(q.directVsBare)} of the bare ceiling. ` +
      `Cache: a hit is ${v(q.cacheSpeedupP50)}× faster than a miss at p50 with one connection (hit ${v(r.http.oneConnection?.hit?.latencyMs.p50, ' ms')}, miss ${v(r.http.oneConnection?.miss?.latencyMs.p50, ' ms')}), ` +
      `and serves ${v(q.cacheSpeedupThroughput)}× the requests per second under load (after the loaded misses the database took ${v(r.http.miss.settleSeconds, ' s')} more to finish the queued ones). ` +
      `Catalog: ${r.stack.catalogTotal} products, ${r.stack.bodyBytes} bytes per page.`,
  );
  out.push('');
  out.push(
    `Redis GET ceiling: ${r.ceilings.redis.map((x) => `${x.opsPerSecond} ops/s (${x.client}${x.inFlight ? `, ${x.inFlight} in flight` : `, ${x.connections} connections`}, ${x.valueBytes} B)`).join('; ')}.`,
  );
  out.push('');
  out.push('## Order flow (open loop)');
  out.push('');
  out.push(
    `Each step sends orders at a fixed rate for ${r.orders.seconds} s (one item, quantity 1, ${r.orders.customers} customers, ${r.orders.products} products) through the bench's gateway, ` +
      `then waits up to ${r.orders.drainSeconds} s for the outcomes. Latency runs from sending POST /api/orders to seeing order-confirmed on Kafka. ` +
      `Refused: answered 503 or 429 with Retry-After by admission control. Recovered: from the end of the step's window until every service's /health/ready answered 200 and no saga consumer group was behind; the next step starts only then.`,
  );
  out.push('');
  out.push(
    table(
      [
        'offered/s',
        'accepted/s',
        'refused',
        'confirmed/s',
        'p50',
        'p95',
        'p99',
        'unsettled',
        'recovered',
        'errors',
        'limited by',
        'evidence',
      ],
      r.orders.steps.map((s) => [
        s.offeredPerSecond,
        s.acceptedPerSecond,
        s.refused ? `${s.refused} (p99 ${v(s.refusedMs.p99, ' ms')})` : 0,
        s.confirmedPerSecond,
        v(s.endToEndMs.p50, ' ms'),
        v(s.endToEndMs.p95, ' ms'),
        v(s.endToEndMs.p99, ' ms'),
        s.unsettledAfterDrain,
        s.recoverySeconds === null ? '**not within the wait**' : `${s.recoverySeconds} s`,
        Object.entries(s.errors)
          .map(([k, n]) => `${k}: ${n}`)
          .join(', ') || '0',
        s.sustained ? 'kept up' : s.saturation.limitedBy,
        s.saturation.evidence,
      ]),
    ),
  );
  for (const skip of r.orders.skipped ?? []) out.push(`- ${skip.offeredPerSecond}/s: ${skip.reason}`);
  const costed = r.orders.steps.filter((s) => s.perOrder);
  if (costed.length) {
    out.push('');
    out.push(
      "What one order cost, all processes together, from the start of each step that settled every order until its drain ended (the stack's idle cost over that time included):",
    );
    out.push('');
    out.push(
      table(
        ['offered/s', 'CPU per order', 'by process', 'database commands', 'Kafka messages', 'produce requests'],
        costed.map((s) => [
          s.offeredPerSecond,
          v(s.perOrder.cpuMsPerOrder, ' ms'),
          Object.entries(s.perOrder.cpuMsPerOrderByProcess)
            .slice(0, 6)
            .map(([n, ms]) => `${n} ${ms}`)
            .join(', '),
          s.perOrder.dbCommandsPerOrder,
          s.perOrder.kafkaMessagesPerOrder,
          s.perOrder.kafkaProduceRequestsPerOrder,
        ]),
      ),
    );
  }
  for (const s of r.orders.steps) {
    const c = s.pollCrossCheck;
    if (!c?.polled) continue;
    out.push(
      `- ${s.offeredPerSecond}/s, HTTP cross-check: ${c.polled} orders polled (GET /api/orders/:id every 200 ms) were CONFIRMED ` +
        `${v(c.confirmedViaHttpMs.p50, ' ms')} after POST at p50 (p95 ${v(c.confirmedViaHttpMs.p95, ' ms')}); ` +
        `order-confirmed reached Kafka ${v(c.kafkaMinusPollMsP50, ' ms')} after the poll saw CONFIRMED (median).`,
    );
  }
  out.push('');
  if (r.orders.error) {
    out.push(`**The order flow did not complete:** ${r.orders.error}`);
    out.push('');
  }
  if (r.dbProbe) {
    out.push(
      `Database at the start of the order flow: ${Object.entries(r.dbProbe.documents)
        .map(([k, n]) => `${k} ${n}`)
        .join(', ')}; ` +
        `lookups (median of 3): ${Object.entries(r.dbProbe.lookupMs)
          .map(([k, n]) => `${k} ${n} ms`)
          .join(', ')}.`,
    );
    out.push('');
  }
  if (r.profiles?.length) {
    out.push('## CPU profiles');
    for (const p of r.profiles) {
      out.push('');
      if (p.error) {
        out.push(`### ${p.service}: not profiled`);
        out.push('');
        out.push(p.error);
        continue;
      }
      if (p.tool === 'perf') {
        out.push(`### ${p.service} (perf, ${p.load}), ${p.summary.seconds} s`);
        out.push('');
        out.push(`Raw data: \`${p.file}\` (\`perf report -i ${p.file}\`).`);
        out.push('');
        out.push(
          table(
            ['wire command', 'inclusive %'],
            p.summary.commands.map((x) => [x.name, x.inclusivePct]),
          ),
        );
        out.push('');
        out.push(
          table(
            ['where the time goes', 'inclusive %'],
            p.summary.hot.map((x) => [`\`${x.name}\``, x.inclusivePct]),
          ),
        );
        out.push('');
        out.push(
          table(
            ['function', 'self %'],
            p.summary.topSelf.map((x) => [`\`${x.name}\``, x.selfPct]),
          ),
        );
        continue;
      }
      out.push(`### ${p.service} (V8, ${p.load}), ${p.summary.seconds} s, ${p.summary.busyPct}% busy`);
      out.push('');
      out.push(`Raw profile: \`${p.file}\` (load it in Chrome DevTools; rename to .cpuprofile for VS Code).`);
      out.push('');
      out.push(
        table(
          ['package', 'self %'],
          p.summary.topPackages.map((x) => [x.name, x.selfPct]),
        ),
      );
      out.push('');
      out.push(
        table(
          ['function', 'self %'],
          p.summary.topFunctions.map((x) => [`\`${x.name}\``, x.selfPct]),
        ),
      );
    }
    out.push('');
  }
  out.push(`Run took ${r.durationSeconds} s. Raw figures: bench/results/latest.json.`);
  out.push('');
  return out.join('\n');
}
