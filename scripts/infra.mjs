#!/usr/bin/env node
// node scripts/infra.mjs up|down|status [--brokers N] — the local Kafka, FerretDB, Redis and Zipkin (see docs/INFRA.md).
// Node builtins only: it runs before node_modules exists.
import { InfraError, fail, seconds } from './lib/proc.mjs';
import { down, rollback, status, up } from './lib/infra/index.mjs';
import { applyBrokersFlag } from './lib/infra/kafka.mjs';

const USAGE = 'usage: node scripts/infra.mjs up|down|status [--brokers N]';
// `up --brokers 3` runs Kafka as a cluster of three nodes (KAFKA_BROKER_COUNT=3); `down` stops any size.
applyBrokersFlag(process.argv);

// `infra.mjs up | head` must not crash the run (and leave it half done) when the pipe closes.
process.stdout.on('error', (err) => {
  if (err.code !== 'EPIPE') throw err;
});

async function main(command) {
  switch (command) {
    case 'up': {
      const started = Date.now();
      for (const signal of ['SIGINT', 'SIGTERM']) {
        process.once(signal, () => rollback().finally(() => process.exit(130)));
      }
      const env = await up();
      console.log(`infra: ready in ${seconds(started)}; use:`);
      for (const [key, value] of Object.entries(env)) console.log(`  ${key}=${value}`);
      return;
    }
    case 'down':
      return down();
    case 'status':
      // exit 3 (as LSB status scripts do) when a local piece is not running
      if (!status()) process.exitCode = 3;
      return;
    default:
      fail(command ? `unknown command "${command}"` : 'no command given', USAGE);
  }
}

main(process.argv[2]).catch((err) => {
  if (err instanceof InfraError) fail(err);
  fail(
    err.stack ?? String(err),
    'this looks like a bug in scripts/infra.mjs; please report it with the output above',
  );
});
