import { cpSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { http } from './support/http';
import { ROOT, freePort, occupyPort, pidFileExists, runNode } from './support/processes';

describe('npm run service', () => {
  it('starts one more instance of a service against the running infra, and it stops cleanly', async () => {
    const port = await freePort();

    const started = await runNode([
      'scripts/service.mjs',
      'inventory-service',
      '--port',
      String(port),
      '--instance',
      'e2e',
    ]);
    expect(started.stderr).toBe('');
    expect(started.code).toBe(0);

    const health = await http('GET', `http://127.0.0.1:${port}/health`);
    expect(health.body).toMatchObject({ status: 'UP', service: 'inventory-service', db: 'CONNECTED', kafka: 'UP' });

    const stopped = await runNode([
      '-e',
      "import('./scripts/lib/proc.mjs').then((p) => p.stopDaemon('inventory-service-e2e'))",
    ]);
    expect(stopped.code).toBe(0);
    expect(pidFileExists(ROOT, 'inventory-service-e2e')).toBe(false);
    await expect(fetch(`http://127.0.0.1:${port}/health`)).rejects.toThrow();
  });

  it('refuses a port taken by another process, says how to fix it, and leaves nothing running', async () => {
    const { port, server } = await occupyPort();
    try {
      const res = await runNode(['scripts/service.mjs', 'user-service', '--port', String(port), '--instance', 'busy']);

      expect(res.code).toBe(1);
      expect(res.stderr).toContain(`port ${port} for user-service-busy is already in use`);
      expect(res.stderr).toMatch(/fix: stop that process/);
      expect(pidFileExists(ROOT, 'user-service-busy')).toBe(false);
    } finally {
      server.close();
    }
  });

  it('rejects an unknown service name with the list of names', async () => {
    const res = await runNode(['scripts/service.mjs', 'basket-service']);

    expect(res.code).toBe(1);
    expect(res.stderr).toContain("unknown service 'basket-service'");
    expect(res.stderr).toContain('order-service');
  });
});

describe('a service with a bad environment', () => {
  it('exits at start-up naming the bad variable, before serving anything', async () => {
    const port = await freePort();
    const env = {
      ...process.env,
      PORT: String(port),
      MONGO_URL: 'postgres://db:5432',
      LOG_DIR: join(tmpdir(), 'commercex-e2e-logs'),
    };

    const res = await runNode(['dist/apps/order-service/main.js'], { env, timeoutMs: 30_000 });

    expect(res.code).toBe(1);
    expect(res.stdout + res.stderr).toContain('MONGO_URL must be a mongodb:// or mongodb+srv:// connection string');
  });
});

describe('infra on a machine without Java, Maven and Go', () => {
  // A copy of the scripts in a scratch checkout, so its state folder starts empty,
  // run with a PATH that holds nothing but node.
  let scratch: string;

  beforeAll(() => {
    scratch = mkdtempSync(join(tmpdir(), 'commercex-noenv-'));
    for (const dir of ['scripts', 'infra']) cpSync(join(ROOT, dir), join(scratch, dir), { recursive: true });
    mkdirSync(join(scratch, 'bin'));
    symlinkSync(process.execPath, join(scratch, 'bin/node'));
  });

  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  it('names each missing tool with how to install it, exits non-zero, and starts nothing', async () => {
    const ports = await Promise.all([freePort(), freePort(), freePort(), freePort()]);
    const env = {
      PATH: join(scratch, 'bin'),
      HOME: scratch,
      KAFKA_PORT: String(ports[0]),
      KAFKA_CONTROLLER_PORT: String(ports[1]),
      FERRETDB_PORT: String(ports[2]),
      REDIS_PORT: String(ports[3]),
    };

    const res = await runNode([join(scratch, 'scripts/infra.mjs'), 'up'], { env, cwd: scratch });

    expect(res.code).toBe(1);
    expect(res.stderr).toContain('kafka: java is not installed');
    expect(res.stderr).toContain('fix: apt-get install -y openjdk-17-jre-headless, or set KAFKA_BROKERS=');
    expect(res.stderr).toContain('kafka: mvn is not installed');
    expect(res.stderr).toContain('ferretdb: go is not installed');
    expect(res.stderr).toMatch(/or set MONGO_URL=mongodb:\/\/host:port to use an existing MongoDB/);
    expect(res.stderr).toContain('redis: redis-server is not installed');
    const runDir = join(scratch, '.infra/run');
    const pids = (() => {
      try {
        return readdirSync(runDir).filter((f) => f.endsWith('.pid'));
      } catch {
        return [];
      }
    })();
    expect(pids).toEqual([]);
  });
});
