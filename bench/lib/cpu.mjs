// CPU use per process (from /proc/<pid>/stat) and for the whole machine (/proc/stat),
// so each scenario can say what was busy: a service, FerretDB, Kafka, Redis, or the bench itself.
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { RUN_DIR, runningPid } from '../../scripts/lib/proc.mjs';
import { round } from './stats.mjs';

const CLK_TCK = Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout?.trim()) || 100;
export const CORES = cpus().length;

function processTicks(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return Number(fields[11]) + Number(fields[12]); // utime + stime
  } catch {
    return null;
  }
}

function machineTicks() {
  const [, ...values] = readFileSync('/proc/stat', 'utf8').split('\n', 1)[0].trim().split(/\s+/);
  const [user, nice, system, idle, iowait, irq, softirq, steal] = values.map(Number);
  const busy = user + nice + system + irq + softirq + steal;
  return { busy, total: busy + idle + iowait };
}

/** Every daemon this checkout runs (services, their extra instances, Kafka, FerretDB, Redis). */
export function stackPids() {
  const pids = {};
  let files = [];
  try {
    files = readdirSync(RUN_DIR).filter((f) => f.endsWith('.pid'));
  } catch {
    return pids;
  }
  for (const file of files) {
    const name = file.slice(0, -'.pid'.length);
    const pid = runningPid(name);
    if (pid) pids[name] = pid;
  }
  return pids;
}

/**
 * take() returns a snapshot; between(a, b) turns two snapshots into CPU use:
 * per process in % of one core (100 = one core busy all the time), and the
 * machine in % of all cores. `other` is what no watched process accounts for
 * (for example a compiler someone else runs on the same machine).
 */
export class CpuSampler {
  constructor(extra = {}) {
    this.extra = extra; // name -> pid, e.g. the bench process itself
  }

  watch(name, pid) {
    this.extra[name] = pid;
  }

  take() {
    const pids = { ...stackPids(), ...this.extra };
    const ticks = {};
    for (const [name, pid] of Object.entries(pids)) {
      const t = processTicks(pid);
      if (t !== null) ticks[name] = t;
    }
    return { at: process.hrtime.bigint(), machine: machineTicks(), ticks };
  }

  /** Runs fn and adds the CPU use while it ran to its result. */
  async measure(fn) {
    const a = this.take();
    const result = await fn();
    return { ...result, cpu: this.between(a, this.take()) };
  }

  between(a, b) {
    const seconds = Number(b.at - a.at) / 1e9;
    const byProcess = {};
    let watched = 0;
    for (const [name, end] of Object.entries(b.ticks)) {
      if (a.ticks[name] === undefined) continue;
      const busy = (end - a.ticks[name]) / CLK_TCK;
      watched += busy;
      byProcess[name] = round((100 * busy) / seconds);
    }
    const machineBusy = b.machine.busy - a.machine.busy;
    const machineTotal = b.machine.total - a.machine.total;
    const machinePct = machineTotal > 0 ? (100 * machineBusy) / machineTotal : 0;
    const machineCoresBusy = (machinePct / 100) * CORES;
    const sorted = Object.fromEntries(Object.entries(byProcess).sort(([, x], [, y]) => y - x));
    return {
      seconds: round(seconds, 2),
      cores: CORES,
      machinePct: round(machinePct),
      // Work the watched processes do not account for, in % of one core.
      otherPct: round(Math.max(0, 100 * machineCoresBusy - (100 * watched) / seconds)),
      byProcess: sorted,
    };
  }
}

/** "ferretdb 74%, order-service 41%, kafka 30%" for the busiest processes. */
export function topConsumers(cpu, n = 4) {
  return Object.entries(cpu.byProcess)
    .slice(0, n)
    .map(([name, pct]) => `${name} ${Math.round(pct)}%`)
    .join(', ');
}
