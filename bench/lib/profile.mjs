// A CPU profile of one service under load: an extra instance of it (its own port,
// instance id "prof") runs with the V8 profiler preloaded, the bench drives load at
// it, and the profile's self time is summarised by function and by package.
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { extraInstance } from './stack.mjs';
import { round, sleep } from './stats.mjs';

const PRELOAD = fileURLToPath(new URL('./cpu-profiler.cjs', import.meta.url));

/**
 * Starts `<service> --instance prof` with the profiler, runs `drive(instance)` while
 * profiling, and returns { file, summary }. Env lets the gateway lift its rate limit.
 */
export async function profileService(service, { drive, dir, stamp, env = {}, log }) {
  const file = join(dir, `${service}-${stamp}.cpuprofile.json`);
  const markers = [`${file}.start`, `${file}.stop`];
  const instance = await extraInstance(service, 'prof', {
    fromPort: 8200,
    env: { ...env, NODE_OPTIONS: `--require ${PRELOAD}`, BENCH_CPU_PROFILE: file },
  });
  try {
    log(`profile: ${instance.name} on :${instance.port}, profiling under load…`);
    writeFileSync(markers[0], '');
    await sleep(500);
    await drive(instance);
    writeFileSync(markers[1], '');
    const deadline = Date.now() + 15_000;
    while (!existsSync(file) && Date.now() < deadline) await sleep(100);
    if (!existsSync(file)) throw new Error(`${instance.name} wrote no profile (see .infra/run/${instance.name}.out)`);
  } finally {
    await instance.stop();
    for (const marker of markers) rmSync(marker, { force: true });
  }
  return { file, summary: summariseProfile(JSON.parse(readFileSync(file, 'utf8'))) };
}

// The packages that together write one log line.
const LOGGING = new Set([
  'winston',
  'winston-transport',
  'logform',
  'nest-winston',
  'readable-stream',
  'safe-stable-stringify',
  'triple-beam',
  'fecha',
  '@colors/colors',
]);

function packageOf({ functionName, url }) {
  if (!url) {
    if (functionName === '(garbage collector)') return 'V8 garbage collector';
    if (functionName === '(program)') return 'V8/native (program)';
    // Bindings without a script: socket and file writes (writev, writeUtf8String, …), undici's llhttp, …
    return `native: ${functionName || '(anonymous)'}`;
  }
  const nm = url.lastIndexOf('/node_modules/');
  if (nm >= 0) {
    const parts = url.slice(nm + '/node_modules/'.length).split('/');
    const name = parts[0].startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0];
    return LOGGING.has(name) ? 'logging (winston, logform, streams)' : name;
  }
  if (url.startsWith('wasm://')) return 'wasm (undici llhttp parser)';
  if (url.startsWith('node:')) return `node:${url.slice(5).split('/').slice(0, 2).join('/')}`;
  const app = /\/dist\/apps\/([^/]+)\//.exec(url);
  if (app) return `app code (dist/apps/${app[1]})`;
  return basename(url);
}

/** Self time by function and by package, as % of the profiled process's busy (non-idle) time. */
export function summariseProfile(profile, top = 15) {
  const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
  const selfUs = new Map();
  for (let i = 0; i < profile.samples.length; i++) {
    const id = profile.samples[i];
    selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0));
  }
  let totalUs = 0;
  let idleUs = 0;
  const byFunction = new Map();
  const byPackage = new Map();
  for (const [id, us] of selfUs) {
    const frame = nodes.get(id).callFrame;
    totalUs += us;
    if (frame.functionName === '(idle)') {
      idleUs += us;
      continue;
    }
    const where = frame.url
      ? ` ${frame.url.replace(/^.*\/node_modules\//, '').replace(/^.*\/dist\//, 'dist/')}:${frame.lineNumber + 1}`
      : '';
    const key = `${frame.functionName || '(anonymous)'}${where}`;
    byFunction.set(key, (byFunction.get(key) ?? 0) + us);
    const pkg = packageOf(frame);
    byPackage.set(pkg, (byPackage.get(pkg) ?? 0) + us);
  }
  const busyUs = totalUs - idleUs;
  const rank = (map, n) =>
    [...map.entries()]
      .sort(([, a], [, b]) => b - a)
      .slice(0, n)
      .map(([name, us]) => ({ name, selfPct: round((100 * us) / busyUs, 1) }));
  return {
    seconds: round(totalUs / 1e6, 1),
    busyPct: round((100 * busyUs) / totalUs, 1),
    topFunctions: rank(byFunction, top),
    topPackages: rank(byPackage, 12),
  };
}
