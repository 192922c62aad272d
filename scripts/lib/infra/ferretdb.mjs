// FerretDB (MongoDB wire protocol on SQLite), built from infra/ferretdb with the Go toolchain.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import {
  InfraError,
  LOG_DIR,
  ROOT,
  STATE_DIR,
  run,
  runningPid,
  say,
  seconds,
  startDaemon,
  stopDaemon,
  tcpRequest,
  waitFor,
  which,
} from '../proc.mjs';

export const name = 'ferretdb';
export const label = 'MongoDB'; // what an external replacement would be
export const urlVar = 'MONGO_URL';

const HOST = '127.0.0.1';
const SRC = path.join(ROOT, 'infra', 'ferretdb');
const BIN = path.join(STATE_DIR, 'bin', 'ferretdb');
const DATA = path.join(STATE_DIR, 'ferretdb', 'data');

const port = () => Number(process.env.FERRETDB_PORT || 27017);

export const external = () => process.env.MONGO_URL || null;
export const localUrl = () => `mongodb://${HOST}:${port()}`;
export const ports = () => [{ port: port(), what: 'MongoDB wire', env: 'FERRETDB_PORT' }];

const PATCHES = path.join(SRC, 'patches');
const BUILD_DIR = path.join(STATE_DIR, 'build', 'ferretdb');

/** Rebuild when the binary is missing or older than any file in infra/ferretdb (patches included). */
function needsProvision() {
  if (!fs.existsSync(BIN)) return true;
  const built = fs.statSync(BIN).mtimeMs;
  return fs
    .readdirSync(SRC, { recursive: true })
    .some((file) => fs.statSync(path.join(SRC, String(file))).mtimeMs > built);
}

/**
 * Our fixes to FerretDB's own source (infra/ferretdb/patches/*.json: a file of
 * a module, exact lines to replace, code to append). The module is copied out
 * of Go's module cache, patched, and built through a go.mod of our own that
 * replaces the module with the copy: the module cache and the repository stay
 * untouched. A line that is not found stops the build, so an upgrade of
 * FerretDB cannot drop a fix silently. Resolves to the go.mod to build with.
 */
function patchedModFile(env) {
  fs.rmSync(BUILD_DIR, { recursive: true, force: true });
  const replaces = [];
  for (const file of fs.readdirSync(PATCHES).filter((f) => f.endsWith('.json')).sort()) {
    const patch = JSON.parse(fs.readFileSync(path.join(PATCHES, file), 'utf8'));
    const listed = spawnSync('go', ['list', '-m', '-f', '{{.Dir}}', patch.module], { cwd: SRC, env, encoding: 'utf8' });
    const moduleDir = listed.stdout.trim();
    if (listed.status !== 0 || !moduleDir)
      throw new InfraError(`ferretdb: cannot find module ${patch.module} to patch (${file})`, listed.stderr.trim());
    const copy = path.join(BUILD_DIR, 'modules', patch.module.replaceAll('/', '_'));
    if (!fs.existsSync(copy)) {
      fs.cpSync(moduleDir, copy, { recursive: true });
      writable(copy);
      replaces.push(`replace ${patch.module} => ${copy}`);
    }
    const target = path.join(copy, patch.file);
    let source = fs.readFileSync(target, 'utf8');
    for (const { find, with: replacement } of patch.replace) {
      if (source.split(find).length !== 2)
        throw new InfraError(
          `ferretdb: patch ${file} expects exactly one "${find}" in ${patch.module}/${patch.file}`,
          'the FerretDB version in infra/ferretdb/go.mod changed: update or drop the patch',
        );
      source = source.replace(find, replacement);
    }
    fs.writeFileSync(target, source + (patch.append ?? ''));
  }
  const modFile = path.join(BUILD_DIR, 'go.build.mod');
  fs.writeFileSync(modFile, `${fs.readFileSync(path.join(SRC, 'go.mod'), 'utf8')}\n${replaces.join('\n')}\n`);
  fs.copyFileSync(path.join(SRC, 'go.sum'), path.join(BUILD_DIR, 'go.build.sum'));
  return modFile;
}

/** Files in Go's module cache are read-only; the patched copy must not be. */
function writable(dir) {
  fs.chmodSync(dir, 0o755);
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const child = path.join(dir, entry.name);
    if (entry.isDirectory()) writable(child);
    else fs.chmodSync(child, 0o644);
  }
}

export function check() {
  if (!needsProvision()) return [];
  const hint =
    "install Go 1.21 or newer (https://go.dev/dl/; Debian 12's golang-go 1.19 is too old), or set MONGO_URL=mongodb://host:port to use an existing MongoDB";
  if (!which('go'))
    return [
      new InfraError('ferretdb: go is not installed (the Go toolchain builds FerretDB once)', hint),
    ];
  // Go 1.21+ fetches the toolchain named in go.mod by itself; older releases cannot.
  const version = spawnSync('go', ['env', 'GOVERSION'], { encoding: 'utf8' }).stdout.trim();
  const [, major, minor] = /^go(\d+)\.(\d+)/.exec(version) ?? [];
  if (!major || Number(major) < 1 || (Number(major) === 1 && Number(minor) < 21)) {
    return [new InfraError(`ferretdb: ${version || 'go'} is too old to build FerretDB`, hint)];
  }
  return [];
}

export async function provision() {
  if (!needsProvision()) return;
  const started = Date.now();
  say(name, 'building FerretDB with Go (the first build takes a minute or two)…');
  fs.mkdirSync(path.dirname(BIN), { recursive: true });
  const logFile = path.join(LOG_DIR, 'ferretdb-build.log');
  try {
    const env = { ...process.env, CGO_ENABLED: '0' };
    await run('go', ['mod', 'download'], { cwd: SRC, env, logFile });
    const modFile = patchedModFile(env);
    await run('go', ['build', '-trimpath', '-buildvcs=false', `-modfile=${modFile}`, '-o', `${BIN}.partial`, '.'], {
      cwd: SRC,
      env: { CGO_ENABLED: '0' },
      logFile,
    });
  } catch (err) {
    if (err instanceof InfraError) throw err;
    throw new InfraError(
      `ferretdb: go build failed (log: ${path.relative(ROOT, logFile)})\n${err.message}`,
      'check access to the Go module proxy (GOPROXY), or set MONGO_URL=mongodb://host:port to use an existing MongoDB',
    );
  }
  fs.renameSync(`${BIN}.partial`, BIN);
  say(name, `built ${path.relative(ROOT, BIN)} (${seconds(started)})`);
}

export async function start() {
  const pid = runningPid(name);
  if (pid) return { pid, reused: true };
  fs.mkdirSync(DATA, { recursive: true });
  const args = ['-host', HOST, '-port', String(port()), '-data-dir', DATA];
  return {
    pid: startDaemon({ name, command: BIN, args, logFile: path.join(LOG_DIR, 'ferretdb.log') }),
    reused: false,
  };
}

/** OP_MSG {ping: 1, $db: "admin"}; ready once the reply says ok: 1. */
function ping() {
  const doc = Buffer.concat([
    Buffer.from([0x10]),
    Buffer.from('ping\0'),
    Buffer.from([1, 0, 0, 0]),
    Buffer.from([0x02]),
    Buffer.from('$db\0'),
    Buffer.from([6, 0, 0, 0]),
    Buffer.from('admin\0'),
    Buffer.from([0]),
  ]);
  const docLength = Buffer.alloc(4);
  docLength.writeInt32LE(doc.length + 4);
  const header = Buffer.alloc(16 + 4 + 1); // header, flagBits, section kind 0
  header.writeInt32LE(header.length + 4 + doc.length, 0);
  header.writeInt32LE(1, 4); // requestID
  header.writeInt32LE(2013, 12); // OP_MSG
  return tcpRequest(port(), HOST, Buffer.concat([header, docLength, doc]), (reply) => {
    if (reply.length < 4 || reply.length < reply.readInt32LE(0)) return undefined;
    const ok = reply.indexOf(Buffer.from('\x01ok\0', 'latin1'));
    return ok > 0 && reply.readDoubleLE(ok + 4) === 1;
  });
}

export async function ready() {
  await waitFor(ping, {
    timeoutMs: 30_000,
    what: `FerretDB on ${HOST}:${port()} (log: .infra/logs/ferretdb.log)`,
    name,
  });
}

export const stop = () => stopDaemon(name);

export function status() {
  const pid = runningPid(name);
  if (pid) return `running (pid ${pid}) on ${HOST}:${port()}`;
  return needsProvision() ? 'stopped (not built)' : 'stopped';
}
