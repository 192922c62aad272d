import { spawn } from 'node:child_process';
import { chmodSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { admin, customer } from './support/accounts';
import { http } from './support/http';
import { ROOT, runNode } from './support/processes';
import { GATEWAY } from './support/stack';

/** Test cases per operation and phase: enough to reach every rule of the document, bounded in time. */
const MAX_EXAMPLES = 10;
const SEED = 18;
/**
 * Every check schemathesis has, named one by one: `--checks=all` would also turn on its 10 s
 * response-time limit, a timing threshold, which has no place in a test (docs/TESTING.md).
 */
const CHECKS = [
  'not_a_server_error',
  'status_code_conformance',
  'content_type_conformance',
  'response_headers_conformance',
  'response_schema_conformance',
  'negative_data_rejection',
  'positive_data_acceptance',
  'missing_required_header',
  'unsupported_method',
  'allow_header_conformance',
  'use_after_free',
  'ensure_resource_availability',
  'ignored_auth',
  'object_level_authorization',
];

interface Report {
  exit_code: number;
  failures: { code: string; title: string; operations: string[] }[];
  errors: unknown[];
  test_cases: { generated: number };
}

/** Findings docs/API.md accepts ("Accepted findings"), as `ST202 GET /api/products`. */
function acceptedFindings(): Set<string> {
  const api = readFileSync(join(ROOT, 'docs/API.md'), 'utf8');
  const section = api.slice(api.indexOf('### Accepted findings'));
  return new Set([...section.matchAll(/^\| `(ST\d+)` \| `([A-Z]+ \/[^`]+)` \|/gm)].map((m) => `${m[1]} ${m[2]}`));
}

/** Runs in `cwd`: schemathesis keeps a cache of earlier findings there (.schemathesis/), which must not steer the next run. */
function run(command: string, args: string[], cwd: string): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, output }));
  });
}

describe('the OpenAPI document (schemathesis against the gateway)', () => {
  let dir: string;
  let report: Report;
  let output: string;

  beforeAll(async () => {
    const installed = await runNode(['scripts/schemathesis.mjs', 'install'], { timeoutMs: 300_000 });
    if (installed.code !== 0) throw new Error(`schemathesis could not be installed:\n${installed.stderr}`);
    const st = installed.stdout.trim().split('\n').pop()!;

    // Two identities, so that checks such as object-level authorization compare an admin with a customer.
    const [boss, buyer] = await Promise.all([admin(), customer()]);
    dir = mkdtempSync(join(tmpdir(), 'commercex-contracts-'));
    const auth = join(dir, 'auth.json');
    const bearer = (token: string) => [{ name: 'Authorization', value: `Bearer ${token}` }];
    writeFileSync(
      auth,
      JSON.stringify({
        auth: [
          { name: 'admin', fixedHeaders: bearer(boss.token) },
          { name: 'customer', fixedHeaders: bearer(buyer.token) },
        ],
      }),
    );
    chmodSync(auth, 0o600);

    const result = await run(
      st,
      [
        'run',
        `${GATEWAY}/docs-json`,
        `--checks=${CHECKS.join(',')}`,
        `--max-examples=${MAX_EXAMPLES}`,
        `--seed=${SEED}`,
        // One request at a time: the suite shares the machine with the stack it tests.
        '--workers=1',
        '--request-timeout=30',
        `--auth-wfc=${auth}`,
        '--report=json',
        `--report-dir=${dir}`,
        '--no-color',
      ],
      dir,
    );
    output = result.output;
    const file = readdirSync(dir).find((name) => name.startsWith('json-'));
    if (!file) throw new Error(`schemathesis wrote no report (exit ${result.code}):\n${output}`);
    report = JSON.parse(readFileSync(join(dir, file), 'utf8')) as Report;
  }, 900_000);

  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('tests every operation of the document', () => {
    expect(report.test_cases.generated).toBeGreaterThan(0);
    expect(report.errors).toEqual([]);
  });

  it('finds no server error', () => {
    const serverErrors = report.failures.filter((f) => f.code === 'ST101' || f.code === 'ST102');
    expect(serverErrors).toEqual([]);
  });

  it('finds nothing but the findings docs/API.md accepts, each with its reason', () => {
    const accepted = acceptedFindings();
    const found = report.failures.flatMap((f) => f.operations.map((op) => `${f.code} ${op}`));
    const unexpected = found.filter((finding) => !accepted.has(finding));
    if (unexpected.length) console.log(output);
    expect(unexpected).toEqual([]);
  });
});

describe('undeclared methods', () => {
  it('answer 405 with Allow on the gateway, for /api paths and its own', async () => {
    for (const [method, path, allow] of [
      ['DELETE', '/api/products', 'GET, HEAD, POST'],
      ['PUT', `/api/orders/${'a'.repeat(24)}`, 'GET, HEAD'],
      ['PATCH', '/api/auth/login', 'POST'],
      ['DELETE', '/api/admin/dead-letters', 'GET, HEAD'],
      ['PUT', '/api/admin/dead-letters/order-created.dlq/replay', 'POST'],
      ['POST', '/health/live', 'GET, HEAD'],
      ['PATCH', '/docs/events', 'GET, HEAD'],
    ]) {
      const res = await http(method, `${GATEWAY}${path}`);
      expect({ method, path, status: res.status, allow: res.headers.get('allow') }).toEqual({
        method,
        path,
        status: 405,
        allow,
      });
      expect(res.body).toMatchObject({ statusCode: 405, error: 'Method Not Allowed' });
    }
  });

  it('still answer 404 for a path nobody serves', async () => {
    expect((await http('DELETE', `${GATEWAY}/api/nothing-here`)).status).toBe(404);
    expect((await http('GET', `${GATEWAY}/api/products/${'a'.repeat(24)}/nothing`)).status).toBe(404);
  });
});

describe('the AsyncAPI document', () => {
  it('is served at /docs/events', async () => {
    const res = await http('GET', `${GATEWAY}/docs/events`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ asyncapi: '3.0.0', channels: { 'order-created': { address: 'order-created' } } });
  });
});
