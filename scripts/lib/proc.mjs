// Process utilities for the local infra and the service orchestrator.
// Node builtins only: this runs before node_modules exists.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
/** The one git-ignored folder for all infra state: binaries, data, pid files, logs. */
export const STATE_DIR = path.join(ROOT, '.infra');
export const RUN_DIR = path.join(STATE_DIR, 'run');
export const LOG_DIR = path.join(STATE_DIR, 'logs');

/** An expected failure: what went wrong, and how the user can fix it. */
export class InfraError extends Error {
  /** `problems`: several InfraErrors reported together (e.g. every missing prerequisite). */
  constructor(message, hint, problems) {
    super(message);
    this.hint = hint;
    this.problems = problems;
  }
}

function printError(message, hint) {
  process.stderr.write(`error: ${message}\n`);
  if (hint) process.stderr.write(`  fix: ${hint.replaceAll('\n', '\n       ')}\n`);
}

/** Prints what is wrong and how to fix it (each problem, for a combined InfraError), then exits 1. */
export function fail(message, hint) {
  if (message instanceof InfraError) {
    for (const problem of message.problems ?? [message]) printError(problem.message, problem.hint);
  } else {
    printError(message, hint);
  }
  process.exit(1);
}

export function say(component, message) {
  process.stdout.write(`${component}: ${message}\n`);
}

export const seconds = (since) => `${((Date.now() - since) / 1000).toFixed(1)}s`;
export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Absolute path of an executable found on PATH, or null. */
export function which(command) {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    const file = path.join(dir || '.', command);
    try {
      fs.accessSync(file, fs.constants.X_OK);
      if (fs.statSync(file).isFile()) return file;
    } catch {
      // not in this directory
    }
  }
  return null;
}

const ANSI_COLOR = /\x1b\[[0-9;]*m/g; // eslint-disable-line no-control-regex

/**
 * Runs a command to completion, its output appended to logFile. Resolves on
 * exit 0; otherwise rejects with an Error whose `output` is what this run printed
 * and whose message ends with its last lines.
 */
export function run(command, args, { cwd = ROOT, env, logFile }) {
  fs.mkdirSync(path.dirname(logFile), { recursive: true });
  fs.appendFileSync(logFile, `\n--- ${new Date().toISOString()} ${command} ${args.join(' ')}\n`);
  const from = fs.statSync(logFile).size;
  return new Promise((resolve, reject) => {
    const out = fs.openSync(logFile, 'a');
    const child = spawn(command, args, {
      cwd,
      env: { ...process.env, ...env },
      stdio: ['ignore', out, out],
    });
    fs.closeSync(out);
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      if (code === 0) return resolve();
      const output = fs.readFileSync(logFile, 'utf8').slice(from).replace(ANSI_COLOR, '');
      const tail = output
        .split('\n')
        .filter((line) => line.trim())
        .slice(-5)
        .join('\n');
      reject(
        Object.assign(new Error(`${command} exited with ${signal ?? code}:\n${tail}`), { output }),
      );
    });
  });
}

// ---- daemons ---------------------------------------------------------------

export const pidFile = (name) => path.join(RUN_DIR, `${name}.pid`);

// A pid file holds "<pid>\n<start time>\n": the start time (from /proc) tells our
// process apart from an unrelated one that was given the same pid later.
function readPidFile(name) {
  try {
    const [pid, startTime] = fs.readFileSync(pidFile(name), 'utf8').split('\n');
    return { pid: Number.parseInt(pid, 10) || null, startTime: startTime || undefined };
  } catch {
    return { pid: null };
  }
}

function procStat(pid) {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return { state: fields[0], pgrp: Number(fields[2]), startTime: fields[19] };
  } catch {
    return null;
  }
}

/** Alive, not a zombie, and (where /proc tells) the very process that was recorded. */
function alive(pid, startTime) {
  try {
    process.kill(pid, 0);
  } catch (err) {
    if (err.code !== 'EPERM') return false;
  }
  const stat = procStat(pid);
  if (!stat) return true; // no /proc: trust kill(0)
  return stat.state !== 'Z' && (!startTime || stat.startTime === startTime);
}

/** True while any non-zombie process of the group still exists. */
function groupAlive(pgid) {
  try {
    process.kill(-pgid, 0);
  } catch {
    return false;
  }
  try {
    return fs.readdirSync('/proc').some((entry) => {
      const stat = /^\d+$/.test(entry) ? procStat(entry) : null;
      return stat?.pgrp === pgid && stat.state !== 'Z';
    });
  } catch {
    return true;
  }
}

/** The pid of our daemon `name` if it runs, else null. */
export function runningPid(name) {
  const { pid, startTime } = readPidFile(name);
  return pid && alive(pid, startTime) ? pid : null;
}

export const isRunning = (name) => runningPid(name) !== null;

/**
 * Spawns a detached daemon in its own process group (setsid), stdout and stderr
 * appended to logFile, and records it in .infra/run/<name>.pid. Returns the pid;
 * if the daemon already runs, returns its pid without starting a second one.
 */
export function startDaemon({ name, command, args = [], env = {}, cwd = ROOT, logFile }) {
  const existing = runningPid(name);
  if (existing) return existing;

  fs.mkdirSync(RUN_DIR, { recursive: true });
  fs.mkdirSync(path.dirname(logFile), { recursive: true });
  fs.appendFileSync(
    logFile,
    `\n--- ${new Date().toISOString()} starting ${name}: ${command} ${args.join(' ')}\n`,
  );
  const out = fs.openSync(logFile, 'a');
  const child = spawn(command, args, {
    cwd,
    env: { ...process.env, ...env },
    detached: true,
    stdio: ['ignore', out, out],
  });
  fs.closeSync(out);
  child.on('error', () => {}); // reported below through the missing pid
  if (!child.pid)
    throw new InfraError(
      `${name}: could not start ${command}`,
      `check that ${command} is installed`,
    );
  child.unref();
  fs.writeFileSync(pidFile(name), `${child.pid}\n${procStat(child.pid)?.startTime ?? ''}\n`);
  return child.pid;
}

/**
 * SIGTERM to the daemon's process group, SIGKILL after timeoutMs; removes the pid file.
 * Resolves to the pid that was stopped, or null if it was not running.
 */
export async function stopDaemon(name, { timeoutMs = 10_000 } = {}) {
  const { pid, startTime } = readPidFile(name);
  const running = pid && alive(pid, startTime);
  if (running) {
    const signal = (sig) => {
      try {
        process.kill(-pid, sig);
      } catch {
        try {
          process.kill(pid, sig);
        } catch {
          // already gone
        }
      }
    };
    signal('SIGTERM');
    const deadline = Date.now() + timeoutMs;
    while (groupAlive(pid) && Date.now() < deadline) await sleep(100);
    if (groupAlive(pid)) {
      signal('SIGKILL');
      const killDeadline = Date.now() + 2_000;
      while (groupAlive(pid) && Date.now() < killDeadline) await sleep(100);
    }
  }
  fs.rmSync(pidFile(name), { force: true });
  return running ? pid : null;
}

/**
 * Runs fn while holding .infra/run/<name>.lock; waits (up to timeoutMs) while
 * another live process holds it, and takes over a lock whose holder is gone.
 */
export async function withLock(name, fn, { timeoutMs = 10 * 60_000 } = {}) {
  const lockFile = path.join(RUN_DIR, `${name}.lock`);
  fs.mkdirSync(RUN_DIR, { recursive: true });
  const deadline = Date.now() + timeoutMs;
  let told = false;
  for (;;) {
    try {
      fs.writeFileSync(lockFile, `${process.pid}\n${procStat(process.pid)?.startTime ?? ''}\n`, {
        flag: 'wx',
      });
      break;
    } catch (err) {
      if (err.code !== 'EEXIST') throw err;
    }
    let pid, startTime;
    try {
      [pid, startTime] = fs.readFileSync(lockFile, 'utf8').split('\n');
    } catch {
      continue; // released meanwhile
    }
    if (!Number(pid) || !alive(Number(pid), startTime)) {
      fs.rmSync(lockFile, { force: true });
      continue;
    }
    if (Date.now() > deadline)
      throw new InfraError(
        `${lockFile} is held by pid ${pid}`,
        'wait for that process to finish, or stop it',
      );
    if (!told)
      say('infra', `waiting for pid ${pid}, which holds ${path.relative(ROOT, lockFile)}…`);
    told = true;
    await sleep(500);
  }
  try {
    return await fn();
  } finally {
    fs.rmSync(lockFile, { force: true });
  }
}

// ---- ports and readiness ---------------------------------------------------

/** True if nothing listens on host:port (we could bind it ourselves). */
export function isPortFree(port, host = '127.0.0.1') {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(false));
    server.listen({ port, host, exclusive: true }, () => server.close(() => resolve(true)));
  });
}

/** "pid 123 (python3)" for the process listening on a TCP port, when /proc tells; else null. */
export function portOwner(port) {
  try {
    const hexPort = `:${port.toString(16).toUpperCase().padStart(4, '0')}`;
    const inodes = new Set();
    for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
      if (!fs.existsSync(table)) continue;
      for (const line of fs.readFileSync(table, 'utf8').split('\n').slice(1)) {
        const cols = line.trim().split(/\s+/);
        if (cols[1]?.endsWith(hexPort) && cols[3] === '0A') inodes.add(`socket:[${cols[9]}]`);
      }
    }
    for (const pid of fs.readdirSync('/proc').filter((entry) => /^\d+$/.test(entry))) {
      let fds = [];
      try {
        fds = fs.readdirSync(`/proc/${pid}/fd`);
      } catch {
        continue;
      }
      for (const fd of fds) {
        let target = '';
        try {
          target = fs.readlinkSync(`/proc/${pid}/fd/${fd}`);
        } catch {
          continue;
        }
        if (inodes.has(target)) {
          const comm = fs.readFileSync(`/proc/${pid}/comm`, 'utf8').trim();
          return `pid ${pid} (${comm})`;
        }
      }
    }
  } catch {
    // best effort only
  }
  return null;
}

/**
 * Polls fn until it returns a truthy value (returned). Errors thrown by fn count
 * as "not yet". With `name`, gives up early if that daemon has exited.
 */
export async function waitFor(
  fn,
  { timeoutMs = 30_000, intervalMs = 200, what = 'condition', name } = {},
) {
  const deadline = Date.now() + timeoutMs;
  let lastError;
  for (;;) {
    try {
      const value = await fn();
      if (value) return value;
    } catch (err) {
      lastError = err;
    }
    if (name && !isRunning(name)) throw new Error(`${name} exited while waiting for ${what}`);
    if (Date.now() >= deadline) {
      const why = lastError ? ` (last error: ${lastError.message})` : '';
      throw new Error(`timed out after ${timeoutMs / 1000}s waiting for ${what}${why}`);
    }
    await sleep(intervalMs);
  }
}

function canConnect(port, host) {
  return new Promise((resolve) => {
    const socket = net.connect({ port, host });
    const done = (ok) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(1_000, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

export function waitForPort(port, { host = '127.0.0.1', timeoutMs = 30_000, name } = {}) {
  return waitFor(() => canConnect(port, host), { timeoutMs, what: `${host}:${port}`, name });
}

/**
 * Sends one request over TCP and resolves with parse(buffer) once that returns
 * something other than undefined (i.e. the whole reply has arrived).
 */
export function tcpRequest(port, host, request, parse, { timeoutMs = 3_000 } = {}) {
  return new Promise((resolve, reject) => {
    let buffer = Buffer.alloc(0);
    const socket = net.connect({ port, host });
    const finish = (err, value) => {
      socket.destroy();
      if (err) reject(err);
      else resolve(value);
    };
    socket.setTimeout(timeoutMs, () => finish(new Error(`no reply from ${host}:${port}`)));
    socket.once('error', (err) => finish(err));
    socket.once('connect', () => socket.write(request));
    socket.on('data', (chunk) => {
      buffer = Buffer.concat([buffer, chunk]);
      try {
        const value = parse(buffer);
        if (value !== undefined) finish(null, value);
      } catch (err) {
        finish(err);
      }
    });
    socket.once('end', () => finish(new Error(`${host}:${port} closed the connection`)));
  });
}
