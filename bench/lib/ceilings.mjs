// Ceilings on the same machine in the same run: a bare node:http server serving the
// same JSON as the catalog, and Redis GETs (what a cache hit cannot beat).
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';
import { which } from '../../scripts/lib/proc.mjs';
import { round } from './stats.mjs';

const SERVER = fileURLToPath(new URL('./bare-server.mjs', import.meta.url));

/** Starts the bare server with `body`; resolves to { url, pid, stop() }. */
export async function bareServer(body) {
  const dir = mkdtempSync(join(tmpdir(), 'commercex-bench-'));
  const file = join(dir, 'body.json');
  writeFileSync(file, body);
  const child = spawn(process.execPath, [SERVER, file], { stdio: ['ignore', 'pipe', 'inherit'] });
  const port = await new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`bare server exited with ${code}`)));
    child.stdout.once('data', (chunk) => resolve(Number(String(chunk).trim())));
  });
  return {
    url: `http://127.0.0.1:${port}/products`,
    pid: child.pid,
    stop: async () => {
      child.removeAllListeners('exit');
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * GETs of one cached-catalog-sized value from a single ioredis connection with
 * `inFlight` commands outstanding (ioredis pipelines what is queued on one socket).
 */
export async function redisGets({ redisUrl, value, seconds, inFlight = 50 }) {
  const redis = new Redis(redisUrl, { lazyConnect: true, maxRetriesPerRequest: 1 });
  await redis.connect();
  const key = `bench:ceiling:${process.pid}`;
  await redis.set(key, value, 'EX', 120);
  let done = 0;
  const deadline = performance.now() + seconds * 1000;
  const worker = async () => {
    while (performance.now() < deadline) {
      await redis.get(key);
      done++;
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: inFlight }, worker));
  const elapsed = (performance.now() - started) / 1000;
  await redis.del(key);
  redis.disconnect();
  return { client: 'ioredis', inFlight, valueBytes: Buffer.byteLength(value), opsPerSecond: round(done / elapsed, 0) };
}

/** redis-benchmark's GET figure (C client, 50 connections), when the tool is installed. */
export function redisBenchmark({ host = '127.0.0.1', port = 6379, valueBytes, requests = 100_000 }) {
  if (!which('redis-benchmark')) return null;
  const res = spawnSync(
    'redis-benchmark',
    [
      '-h',
      host,
      '-p',
      String(port),
      '-t',
      'get',
      '-n',
      String(requests),
      '-c',
      '50',
      '-d',
      String(valueBytes),
      '--csv',
    ],
    { encoding: 'utf8', timeout: 60_000 },
  );
  // CSV: "test","rps",... then "GET","123456.79",...
  const line = res.stdout?.split('\n').find((l) => l.startsWith('"GET"'));
  if (!line) return null;
  return {
    client: 'redis-benchmark',
    connections: 50,
    valueBytes,
    opsPerSecond: round(Number(line.split(',')[1].replaceAll('"', '')), 0),
  };
}
