// `npm run dlq -- list [<topic>.dlq] [--all]` and `npm run dlq -- replay <topic>.dlq (--pending | --partition P --offset O [--value JSON])`.
//
// A client of the gateway's admin API (docs/API.md, "Admin"), which holds the one implementation of dead
// letters, the operator console's too. `list` prints each letter waiting for a replay as a JSON line (`--all`
// adds replayed ones); `replay --pending` sends every waiting letter of a topic back to its original topic;
// `--partition/--offset` sends one, with `--value` replacing its payload when the letter needed fixing.
//
// It signs in as an admin: with COMMERCEX_TOKEN (an admin's access token) if set, else with ADMIN_EMAIL and
// ADMIN_PASSWORD (the development admin by default). GATEWAY_URL (http://127.0.0.1:8000) says where the gateway is.
import { parseArgs } from 'node:util';
import { fail } from './lib/proc.mjs';

const USAGE =
  'usage: npm run dlq -- list [<topic>.dlq] [--all] | replay <topic>.dlq (--pending | --partition P --offset O [--value JSON])';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    all: { type: 'boolean', default: false },
    pending: { type: 'boolean', default: false },
    partition: { type: 'string' },
    offset: { type: 'string' },
    value: { type: 'string' },
  },
});
const [command, topic] = positionals;
const gateway = process.env.GATEWAY_URL ?? `http://127.0.0.1:${process.env.GATEWAY_PORT ?? 8000}`;

async function call(method, path, { token, body } = {}) {
  let res;
  try {
    res = await fetch(`${gateway}${path}`, {
      method,
      headers: {
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...(body ? { 'content-type': 'application/json' } : {}),
      },
      body: body && JSON.stringify(body),
      signal: AbortSignal.timeout(30_000),
    });
  } catch (error) {
    fail(
      `the gateway did not answer at ${gateway}: ${error.cause?.message ?? error.message}`,
      'start the stack (npm start), or set GATEWAY_URL',
    );
  }
  const answer = await res.json().catch(() => null);
  if (!res.ok) {
    const message = Array.isArray(answer?.message) ? answer.message.join('; ') : (answer?.message ?? res.statusText);
    fail(
      `${method} ${path} answered ${res.status}: ${message}`,
      res.status === 403 ? 'sign in as an admin (COMMERCEX_TOKEN, or ADMIN_EMAIL/ADMIN_PASSWORD)' : undefined,
    );
  }
  return answer;
}

async function adminToken() {
  if (process.env.COMMERCEX_TOKEN) return process.env.COMMERCEX_TOKEN;
  const email = process.env.ADMIN_EMAIL ?? 'admin@commercex.local';
  const login = await call('POST', '/api/auth/login', {
    body: { email, password: process.env.ADMIN_PASSWORD ?? 'Admin123!' },
  });
  return login.token;
}

const letterPath = (t) => `/api/admin/dead-letters/${encodeURIComponent(t)}`;

async function main() {
  if (command === 'list') {
    const query = new URLSearchParams({ state: values.all ? 'all' : 'pending', ...(topic ? { topic } : {}) });
    const { topics } = await call('GET', `/api/admin/dead-letters?${query}`, { token: await adminToken() });
    let count = 0;
    for (const t of topics) {
      for (const letter of t.letters) console.log(JSON.stringify(letter));
      count += t.letters.length;
    }
    console.error(`${count} dead letter(s)${values.all ? '' : ' waiting for a replay'} in ${topics.length} topic(s)`);
    return;
  }
  if (command === 'replay' && topic) {
    if (values.pending || values.all) {
      const { replayed } = await call('POST', `${letterPath(topic)}/replay`, { token: await adminToken() });
      for (const r of replayed) console.log(JSON.stringify(r));
      console.error(`${replayed.length} dead letter(s) replayed`);
      return;
    }
    if (values.partition !== undefined && values.offset !== undefined) {
      let value;
      if (values.value !== undefined) {
        try {
          value = JSON.parse(values.value);
        } catch {
          fail('--value must be JSON', 'quote it for the shell, e.g. --value \'{"eventId":"…"}\'');
        }
      }
      const replayed = await call('POST', `${letterPath(topic)}/${values.partition}/${values.offset}/replay`, {
        token: await adminToken(),
        body: value === undefined ? {} : { value },
      });
      console.log(JSON.stringify(replayed));
      return;
    }
  }
  fail(USAGE, 'dead-letter topics are named after the topic they come from, e.g. payment-completed.dlq');
}

await main();
