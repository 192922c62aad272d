// A CPU profile of a native process (FerretDB is Go) with Linux perf, when it is
// installed and allowed: nothing is restarted, perf attaches to the running pid.
import { spawn, spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { which } from '../../scripts/lib/proc.mjs';

export const perfAvailable = () => which('perf') !== null;

function report(file, children) {
  const res = spawnSync(
    'perf',
    [
      'report',
      '-i',
      file,
      children ? '--children' : '--no-children',
      '--sort',
      'symbol',
      '--stdio',
      '-g',
      'none',
      '--percent-limit',
      '0.5',
    ],
    { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 },
  );
  const rows = [];
  for (const line of res.stdout.split('\n')) {
    // "    53.41%     0.00%  [.] symbol" (children) or "     8.38%  [.] symbol" (self)
    const m = /^\s+([\d.]+)%\s+(?:([\d.]+)%\s+)?\[[.k]\]\s+(.+?)\s*(?:-\s+-\s*)?$/.exec(line);
    if (m) rows.push({ name: m[3].trim(), pct: Number(m[1]) });
  }
  return rows;
}

/** Samples `pid` for `seconds` while `during()` runs; resolves to self and inclusive hot spots. */
export async function perfProfile(pid, { seconds, file, during }) {
  const perf = spawn(
    'perf',
    ['record', '-F', '499', '-g', '-p', String(pid), '-o', file, '--', 'sleep', String(seconds)],
    { stdio: 'ignore' },
  );
  const exited = new Promise((resolve, reject) => {
    perf.once('error', reject);
    perf.once('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`perf record exited with ${code} (perf_event_paranoid?)`)),
    );
  });
  await Promise.all([exited, during()]);
  const self = report(file, false)
    .slice(0, 15)
    .map((r) => ({ name: r.name, selfPct: r.pct }));
  // Inclusive time of each MongoDB wire command FerretDB handled: which requests cost the CPU.
  const commands = report(file, true)
    .filter((r) => /internal\/handler\.\(\*Handler\)\.Msg\w+$/.test(r.name))
    .map((r) => ({ name: r.name.replace(/^.*\.\(\*Handler\)\./, ''), inclusivePct: r.pct }));
  const hot = report(file, true)
    .filter((r) =>
      /jsonExtractFunc|sjson\.Unmarshal|filterIterator|sqlite3VdbeExec|insertDocument|updateDocument|gcBgMarkWorker/.test(
        r.name,
      ),
    )
    .map((r) => ({ name: r.name, inclusivePct: r.pct }));
  rmSync(`${file}.old`, { force: true });
  return { seconds, topSelf: self, commands, hot };
}
