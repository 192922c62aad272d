// The tools that check the Helm chart offline (deploy/): Helm itself and our
// strict Kubernetes object validator, both built once with Go into .infra/bin
// the way FerretDB is (scripts/lib/infra/ferretdb.mjs), then reused.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { InfraError, LOG_DIR, ROOT, STATE_DIR, run, which } from './proc.mjs';

/** Helm v3 (helm.sh/helm/v3 on the Go module proxy); a new pin builds a new binary beside the old. */
export const HELM_VERSION = 'v3.21.4';
const BIN_DIR = path.join(STATE_DIR, 'bin');
export const HELM_BIN = path.join(BIN_DIR, `helm-${HELM_VERSION}`);
/**
 * The Kubernetes release the checks are pinned to: that of the k8s.io modules
 * Helm is built with (client-go v0.36), and of deploy/validate/go.mod's k8s.io/api.
 */
export const KUBE_VERSION = '1.36';
/** What Helm's own Makefile stamps in: its version, and the Kubernetes version it renders and lints for by default. */
const HELM_LDFLAGS = [
  `-X helm.sh/helm/v3/internal/version.version=${HELM_VERSION}`,
  ...['pkg/lint/rules', 'pkg/chartutil'].flatMap((pkg) => {
    const [major, minor] = KUBE_VERSION.split('.');
    return [`-X helm.sh/helm/v3/${pkg}.k8sVersionMajor=${major}`, `-X helm.sh/helm/v3/${pkg}.k8sVersionMinor=${minor}`];
  }),
].join(' ');

const VALIDATOR_SRC = path.join(ROOT, 'deploy', 'validate');
export const VALIDATOR_BIN = path.join(BIN_DIR, 'k8s-validate');

const LOG_FILE = path.join(LOG_DIR, 'deploy-tools-build.log');
const GO_HINT =
  "install Go 1.21 or newer (https://go.dev/dl/; Debian 12's golang-go 1.19 is too old): it builds Helm and the validator once";

/** Go 1.21+ fetches the toolchain a go.mod names by itself (from the module proxy); older releases cannot. */
function checkGo(what) {
  if (!which('go')) return new InfraError(`${what}: go is not installed (the Go toolchain builds it once)`, GO_HINT);
  const version = spawnSync('go', ['env', 'GOVERSION'], { encoding: 'utf8' }).stdout.trim();
  const [, major, minor] = /^go(\d+)\.(\d+)/.exec(version) ?? [];
  if (!major || Number(major) < 1 || (Number(major) === 1 && Number(minor) < 21))
    return new InfraError(`${what}: ${version || 'go'} is too old to build it`, GO_HINT);
  return null;
}

/** Rebuild when the binary is missing or older than any file of its source folder. */
function stale(bin, srcDir) {
  if (!fs.existsSync(bin)) return true;
  if (!srcDir) return false;
  const built = fs.statSync(bin).mtimeMs;
  return fs
    .readdirSync(srcDir, { recursive: true })
    .some((file) => fs.statSync(path.join(srcDir, String(file))).mtimeMs > built);
}

/** Builds into a private partial file and renames it into place, so a concurrent run never sees half a binary. */
async function build(what, bin, { args, cwd, gobin }) {
  const problem = checkGo(what);
  if (problem) throw problem;
  fs.mkdirSync(BIN_DIR, { recursive: true });
  const env = { CGO_ENABLED: '0' };
  try {
    if (gobin) {
      fs.mkdirSync(gobin, { recursive: true });
      await run('go', args, { cwd, env: { ...env, GOBIN: gobin }, logFile: LOG_FILE });
      fs.renameSync(path.join(gobin, path.basename(args.at(-1).split('@')[0])), bin);
      fs.rmSync(gobin, { recursive: true, force: true });
    } else {
      const partial = `${bin}.partial-${process.pid}`;
      await run('go', [...args, '-o', partial, '.'], { cwd, env, logFile: LOG_FILE });
      fs.renameSync(partial, bin);
    }
  } catch (err) {
    throw new InfraError(
      `${what}: go build failed (log: ${path.relative(ROOT, LOG_FILE)})\n${err.message}`,
      'check access to the Go module proxy (GOPROXY)',
    );
  }
}

export async function ensureHelm() {
  if (stale(HELM_BIN)) {
    await build(`helm ${HELM_VERSION}`, HELM_BIN, {
      args: ['install', '-trimpath', `-ldflags=${HELM_LDFLAGS}`, `helm.sh/helm/v3/cmd/helm@${HELM_VERSION}`],
      cwd: ROOT,
      gobin: path.join(STATE_DIR, 'build', `helm-${HELM_VERSION}-${process.pid}`),
    });
  }
  return HELM_BIN;
}

export async function ensureValidator() {
  if (stale(VALIDATOR_BIN, VALIDATOR_SRC)) {
    await build('k8s-validate', VALIDATOR_BIN, {
      args: ['build', '-trimpath', '-buildvcs=false'],
      cwd: VALIDATOR_SRC,
    });
  }
  return VALIDATOR_BIN;
}
