import { execFileSync } from 'node:child_process';
import { createConnection } from 'node:net';
import { join } from 'node:path';
import services from '../../libs/common/src/services.json';

const ROOT = join(__dirname, '../..');
/**
 * The local infra's ports, as scripts/lib/infra reckons them (none for a part
 * that is external), with Kafka's for a cluster of three or more: a suite may
 * have run one (replicated-kafka-faults).
 */
function infraPorts(): number[] {
  const brokers = Math.max(3, Number(process.env.KAFKA_BROKER_COUNT) || 1);
  const out = execFileSync(
    process.execPath,
    ['-e', "import('./scripts/lib/infra/index.mjs').then((m) => console.log(JSON.stringify(m.localPorts())))"],
    { cwd: ROOT, encoding: 'utf8', env: { ...process.env, KAFKA_BROKER_COUNT: String(brokers) } },
  );
  return JSON.parse(out);
}

function listening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ port, host: '127.0.0.1' });
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
  });
}

/** Stops the stack the setup started, and fails the run if `npm stop` left anything listening. */
export default async function globalTeardown(): Promise<void> {
  if (process.env.E2E_STACK_REUSED === '1' || process.env.E2E_KEEP_STACK === '1') return;
  execFileSync(process.execPath, [join(ROOT, 'scripts/stop.mjs')], { cwd: ROOT, stdio: 'inherit' });
  const ports = [...Object.values(services).map((s) => s.port), ...infraPorts()];
  const left = (await Promise.all(ports.map(async (p) => ((await listening(p)) ? p : null)))).filter((p) => p !== null);
  if (left.length > 0) throw new Error(`npm stop left ports listening: ${left.join(', ')}`);
}
