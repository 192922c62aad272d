// Local infra (Kafka, FerretDB, Redis, and Zipkin unless TRACING=off): provision, start, wait until ready, stop.
// Used by scripts/infra.mjs and by the service orchestrator.
import { InfraError, isPortFree, isRunning, portOwner, say, seconds, withLock } from '../proc.mjs';
import * as ferretdb from './ferretdb.mjs';
import * as kafka from './kafka.mjs';
import * as redis from './redis.mjs';
import * as zipkin from './zipkin.mjs';

/** Every piece `down` stops; `up` starts the ones that are on (the trace store is off with TRACING=off). */
export const components = [kafka, ferretdb, redis, zipkin];
const wanted = () => components.filter((c) => c.enabled?.() ?? true);

/** Whether every daemon of a piece runs (a Kafka cluster has several). */
const isUp = (c) => c.running?.() ?? isRunning(c.name);

/** Whether any piece of the local infra runs, even a part of it. */
export const anyRunning = () => components.some((c) => c.anyRunning?.() ?? isRunning(c.name));

/** The loopback ports of the local infra as configured (for checking that nothing is left listening). */
export const localPorts = () =>
  wanted()
    .filter((c) => !c.external())
    .flatMap((c) => c.ports().map(({ port }) => port));

/** The connection values the services need: external ones when set, else the local infra. */
export function infraEnv() {
  return Object.fromEntries(wanted().map((c) => [c.urlVar, c.external() ?? c.localUrl()]));
}

/** Where to see traces, for `npm start` to print; null with TRACING=off or an external trace store. */
export const traceUiUrl = () => (zipkin.enabled() && !zipkin.external() ? zipkin.uiUrl() : null);

async function checkPorts(local) {
  const problems = [];
  for (const c of local) {
    // A port of a daemon of ours that runs is taken by it, as it should be.
    for (const { port, what, env, daemon = c.name } of c.ports()) {
      if (isRunning(daemon) || (await isPortFree(port))) continue;
      const owner = portOwner(port);
      problems.push(
        new InfraError(
          `${c.name}: port ${port} (${c.name} ${what}) is already in use${owner ? ` by ${owner}` : ''}, not by this project`,
          `stop that process, or move ${c.name} with ${env}=<free port>, or set ${c.urlVar} to use an existing ${c.label}`,
        ),
      );
    }
  }
  return problems;
}

function combine(problems) {
  if (problems.length === 1) return problems[0];
  const hints = [...new Set(problems.map((p) => p.hint).filter(Boolean))];
  return new InfraError(problems.map((p) => p.message).join('\n'), hints.join('\n'), problems);
}

let startedNow = [];

/** Stops whatever the current up() started; for failures and Ctrl-C. */
export async function rollback() {
  const toStop = startedNow;
  startedNow = [];
  // A Kafka cluster that ran with one node down gets only that node stopped again.
  await Promise.all(toStop.map(({ c, started }) => (started?.length ? c.stop(started) : c.stop())));
  if (toStop.length) say('infra', `stopped again: ${toStop.map(({ c, started }) => started?.join(', ') || c.name).join(', ')}`);
}

/**
 * Provisions what is missing, starts what is not running and waits until every
 * piece accepts requests. Throws InfraError (after stopping what it started).
 */
export function up() {
  // Two `up`s at once (say `npm start` and `npm test`) would race for the same ports.
  return withLock('infra-up', upLocked);
}

async function upLocked() {
  const local = [];
  for (const c of wanted()) {
    if (c.external()) say(c.name, `external, ${c.urlVar}=${c.external()}`);
    else local.push(c);
  }

  // Everything that can be checked is checked before anything starts.
  const checked = local.map((c) => ({ c, problems: c.check() }));
  const problems = checked.flatMap(({ problems }) => problems);
  // A piece already refused (say, a Kafka cluster of another size running) would only add noise about its ports.
  problems.push(...(await checkPorts(checked.filter(({ problems }) => !problems.length).map(({ c }) => c))));
  if (problems.length) throw combine(problems);

  const provisioned = await Promise.allSettled(local.map((c) => c.provision()));
  const provisionErrors = provisioned.filter((r) => r.status === 'rejected').map((r) => r.reason);
  if (provisionErrors.length) throw combine(provisionErrors);

  const results = await Promise.allSettled(
    local.map(async (c) => {
      const started = Date.now();
      try {
        const { pid, reused, started: daemons } = await c.start();
        if (!reused) startedNow.push({ c, started: daemons });
        await c.ready();
        const where = c.localUrl().replace(/^\w+:\/\//, '');
        say(
          c.name,
          reused ? `already up on ${where} (pid ${pid})` : `up on ${where} (${seconds(started)})`,
        );
      } catch (err) {
        const message = err.message.startsWith(`${c.name}`)
          ? err.message
          : `${c.name}: ${err.message}`;
        throw new InfraError(
          message,
          err.hint ?? 'see the log named above; `rm -rf .infra` resets all local infra state',
        );
      }
    }),
  );
  const startErrors = results.filter((r) => r.status === 'rejected').map((r) => r.reason);
  if (startErrors.length) {
    await rollback();
    throw combine(startErrors);
  }
  startedNow = [];
  return infraEnv();
}

export async function down() {
  await Promise.all(
    components.map(async (c) => {
      const pid = await c.stop();
      say(c.name, pid ? `stopped (pid ${pid})` : 'not running');
    }),
  );
}

/** Prints one line per piece; returns true when every local piece runs. */
export function status() {
  for (const c of components)
    say(c.name, c.external() ? `external, ${c.urlVar}=${c.external()}` : c.status());
  return wanted().every((c) => c.external() || isUp(c));
}
