// Schemathesis, the schema-driven API fuzzer of the contract tests: a pinned version from PyPI in a
// virtualenv under .infra/, installed on first use. Node builtins only, like the rest of scripts/lib.
import fs from 'node:fs';
import path from 'node:path';
import { InfraError, LOG_DIR, ROOT, STATE_DIR, run, say, seconds, which } from './proc.mjs';

export const VERSION = '4.32.5';
const DIR = path.join(STATE_DIR, 'schemathesis');
const VENV = path.join(DIR, 'venv');
const STAMP = path.join(VENV, `.commercex-schemathesis-${VERSION}`);
/** The `st` command of the virtualenv. */
export const BIN = path.join(VENV, 'bin', 'st');

const python = () => which('python3');

/** Problems that stop an install, each with how to fix it; empty when installed or installable. */
export function check() {
  if (fs.existsSync(STAMP)) return [];
  if (!python()) {
    return [
      new InfraError(
        'schemathesis: python3 is not installed (the fuzzer is a Python package)',
        'apt-get install -y python3 python3-venv',
      ),
    ];
  }
  return [];
}

/** Installs schemathesis VERSION once; resolves to the path of its `st` command. */
export async function ensure() {
  if (fs.existsSync(STAMP)) return BIN;
  const problems = check();
  if (problems.length) throw problems[0];
  const started = Date.now();
  const logFile = path.join(LOG_DIR, 'schemathesis-pip.log');
  say('schemathesis', `installing schemathesis ${VERSION} from PyPI into ${path.relative(ROOT, VENV)}…`);
  fs.rmSync(VENV, { recursive: true, force: true });
  fs.mkdirSync(DIR, { recursive: true });
  try {
    await run(python(), ['-m', 'venv', VENV], { logFile });
  } catch (err) {
    throw new InfraError(
      `schemathesis: python3 could not make a virtualenv (log: ${path.relative(ROOT, logFile)})\n${err.message}`,
      'apt-get install -y python3-venv',
    );
  }
  try {
    const pip = path.join(VENV, 'bin', 'pip');
    await run(pip, ['install', '--disable-pip-version-check', '--quiet', `schemathesis==${VERSION}`], { logFile });
  } catch (err) {
    throw new InfraError(
      `schemathesis: pip could not install schemathesis==${VERSION} (log: ${path.relative(ROOT, logFile)})\n${err.message}`,
      'check access to PyPI and retry; installing needs the network once, running it does not',
    );
  }
  fs.writeFileSync(STAMP, `${new Date().toISOString()}\n`);
  say('schemathesis', `installed (${seconds(started)})`);
  return BIN;
}
