// `npm start`: dependencies, infra, build, all seven services, then wait for Ctrl-C.
// `npm start -- --detach` leaves everything running and returns (tests, CI).
import { down as infraDown, up as infraUp } from './lib/infra/index.mjs';
import { fail } from './lib/proc.mjs';
import { buildApps, ensureDependencies, printUrls, startAll, stopServices } from './lib/stack.mjs';

const detach = process.argv.includes('--detach');
const skipBuild = process.argv.includes('--no-build');

async function stopAll() {
  console.log('\nstopping services and infra…');
  await stopServices();
  await infraDown();
}

try {
  ensureDependencies();
  await infraUp();
  if (!skipBuild) buildApps();
  await startAll();
} catch (error) {
  // Nothing half-started stays behind.
  await stopAll();
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
