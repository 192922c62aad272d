// `npm start`: dependencies, infra, build, all seven services, then wait for Ctrl-C.
// `npm start -- --detach` leaves everything running and returns (tests, CI).
import { anyRunning as infraRunning, down as infraDown, up as infraUp } from './lib/infra/index.mjs';
import { applyBrokersFlag } from './lib/infra/kafka.mjs';
import { fail, stopDaemon } from './lib/proc.mjs';
import { buildApps, ensureDependencies, printUrls, runningServiceNames, startAll, stopServices } from './lib/stack.mjs';

const detach = process.argv.includes('--detach');
const skipBuild = process.argv.includes('--no-build');
applyBrokersFlag(process.argv);

async function stopAll() {
  console.log('\nstopping services and infra…');
  await stopServices();
  await infraDown();
}

const runningBefore = new Set(runningServiceNames());
const infraRunningBefore = infraRunning();
try {
  ensureDependencies();
  // On failure, up() stops the infra it started itself.
  await infraUp();
  if (!skipBuild) buildApps();
  await startAll();
} catch (error) {
  // Nothing half-started stays behind, and what ran before this start keeps running.
  const startedNow = runningServiceNames().filter((name) => !runningBefore.has(name));
  await Promise.all(startedNow.map((name) => stopDaemon(name, { timeoutMs: 15_000 })));
  if (!infraRunningBefore) await infraDown();
  fail(`start failed: ${error.message}`, error.hint);
}

printUrls();
if (detach) {
  console.log('\nRunning in the background; `npm stop` stops everything.');
} else {
  console.log('\nCtrl-C stops everything.');
  const shutdown = () => stopAll().then(() => process.exit(0));
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
  setInterval(() => undefined, 1 << 30);
}
