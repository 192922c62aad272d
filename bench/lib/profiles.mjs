// `--profile`: CPU profiles of the bottlenecks under the load that exposed them. Node
// services run as an extra instance with the V8 profiler; FerretDB (Go) is sampled by perf.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from '../../scripts/lib/proc.mjs';
import { cannon } from './cannon.mjs';
import { stackPids } from './cpu.mjs';
import { BENCH_CLIENT } from './http.mjs';
import { orderStep } from './orders.mjs';
import { perfAvailable, perfProfile } from './perf.mjs';
import { profileService } from './profile.mjs';
import { BENCH_GATEWAY_ENV } from './stack.mjs';
import { sleep } from './stats.mjs';

/** The rate to profile the order flow at: where it stopped keeping up, else the highest one run. */
function profileRate(settings, steps) {
  return steps.find((s) => !s.sustained)?.offeredPerSecond ?? steps.at(-1)?.offeredPerSecond ?? settings.rates[0];
}

/** The busiest process of the stack (a service, FerretDB or Kafka) during the first step that did not keep up. */
function orderBottleneck(steps) {
  const step = steps.find((s) => !s.sustained) ?? steps.at(-1);
  if (!step) return null;
  return (
    Object.keys(step.cpu.byProcess).find((name) => name === 'ferretdb' || name === 'kafka' || /-service$/.test(name)) ??
    null
  );
}

/** `ctx`: { settings, log, resultsDir } of the run. */
export async function profiles(
  { settings, log, resultsDir },
  targetsArg,
  { api, tokens, products, watcher, stamp, steps },
) {
  const wanted = targetsArg
    ? targetsArg
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean)
    : ['api-gateway', orderBottleneck(steps)].filter(Boolean);
  const rate = profileRate(settings, steps);
  const httpLoad = { connections: settings.connections, seconds: settings.profileSeconds, warmupSeconds: 1 };
  const orderLoad = (seconds) => orderStep({ api, rate, seconds, drainSeconds: 5, tokens, products, watcher });
  const out = [];
  for (const service of [...new Set(wanted)]) {
    try {
      if (service === 'ferretdb' || service === 'kafka') {
        const pid = stackPids()[service];
        if (service === 'kafka')
          throw new Error('Kafka runs on the JVM: use its JFR (jcmd <pid> JFR.start) rather than perf');
        if (!pid) throw new Error(`${service} is not a local daemon of this checkout (external MONGO_URL?)`);
        if (!perfAvailable())
          throw new Error(
            'Linux perf is not installed (apt-get install linux-perf), so FerretDB (Go) cannot be sampled',
          );
        log(`profile: ${service} (pid ${pid}) with perf during the order flow at ${rate}/s…`);
        // Binary perf data goes to the ignored logs/ folder (bench/results only ignores *.json).
        mkdirSync(join(ROOT, 'logs', 'bench'), { recursive: true });
        const file = join(ROOT, 'logs', 'bench', `${service}-${stamp}.perf.data`);
        const summary = await perfProfile(pid, {
          seconds: settings.profileSeconds,
          file,
          during: () => orderLoad(settings.profileSeconds),
        });
        out.push({
          service,
          tool: 'perf',
          load: `order flow at ${rate}/s`,
          file: file.slice(ROOT.length + 1),
          summary,
        });
        log(
          `profile: ${service}: ${summary.commands
            .slice(0, 3)
            .map((c) => `${c.name} ${c.inclusivePct}%`)
            .join(', ')}`,
        );
        continue;
      }
      let drive;
      let load;
      if (service === 'api-gateway') {
        load = `cached GET /api/products, ${settings.connections} connections`;
        drive = (inst) => cannon({ url: `${inst.url}/api/products`, headers: BENCH_CLIENT, ...httpLoad });
      } else if (service === 'product-service') {
        load = `cached GET /products, ${settings.connections} connections`;
        drive = (inst) => cannon({ url: `${inst.url}/products`, ...httpLoad });
      } else {
        load = `order flow at ${rate}/s; the extra instance takes its share of the ${service} consumer group's partitions`;
        drive = async () => {
          await sleep(8_000); // the consumer group rebalances onto the new instance
          await orderLoad(settings.profileSeconds);
        };
      }
      const env = service === 'api-gateway' ? BENCH_GATEWAY_ENV : {};
      const { file, summary } = await profileService(service, { drive, dir: resultsDir, stamp, env, log });
      out.push({ service, tool: 'v8', load, file: file.slice(ROOT.length + 1), summary });
      log(
        `profile: ${service}: ${summary.topPackages
          .slice(0, 4)
          .map((p) => `${p.name} ${p.selfPct}%`)
          .join(', ')}`,
      );
    } catch (error) {
      log(`profile: ${service}: ${error.message}`);
      out.push({ service, error: error.message });
    }
  }
  return out;
}
