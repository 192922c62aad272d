import { execFileSync } from 'node:child_process';
import { createConnection } from 'node:net';
import { join } from 'node:path';
import services from '../../libs/common/src/services.json';

const ROOT = join(__dirname, '../..');
/** Local infra ports, unless that part of the infra is external. */
function infraPorts(): number[] {
  const env = process.env;
  return [
    ...(env.KAFKA_BROKERS ? [] : [Number(env.KAFKA_PORT ?? 9092), Number(env.KAFKA_CONTROLLER_PORT ?? 9093)]),
    ...(env.MONGO_URL ? [] : [Number(env.FERRETDB_PORT ?? 27017)]),
    ...(env.REDIS_URL ? [] : [Number(env.REDIS_PORT ?? 6379)]),
  ];
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
