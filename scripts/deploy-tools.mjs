// Builds what the chart checks need, if missing: Helm and the strict validator.
// Prints {"helm": path, "validator": path, "kubeVersion": "1.x"} on stdout; `error:`/`fix:` and exit 1 otherwise.
// The chart spec (test/repo/helm-chart.spec.ts) runs it; by hand: node scripts/deploy-tools.mjs
import { fail } from './lib/proc.mjs';
import { KUBE_VERSION, ensureHelm, ensureValidator } from './lib/deploy-tools.mjs';

try {
  const [helm, validator] = await Promise.all([ensureHelm(), ensureValidator()]);
  process.stdout.write(`${JSON.stringify({ helm, validator, kubeVersion: KUBE_VERSION })}\n`);
} catch (err) {
  fail(err);
}
