// `npm run service -- <service> [--port N] [--instance ID]`: one service against the running infra,
// for example to restart one after a crash, or to add a second instance.
import { parseArgs } from 'node:util';
import { fail } from './lib/proc.mjs';
import { SERVICES, assertServiceName } from './lib/services.mjs';
import { buildApps, startService, waitHealthy } from './lib/stack.mjs';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { port: { type: 'string' }, instance: { type: 'string' }, build: { type: 'boolean', default: false } },
});
if (positionals.length !== 1) fail('usage: npm run service -- <service> [--port N] [--instance ID] [--build]', `services: ${Object.keys(SERVICES).join(', ')}`);

let service;
try {
  service = assertServiceName(positionals[0]);
} catch (error) {
  fail(error.message, 'pick one of the names above');
}
const port = values.port ? Number(values.port) : SERVICES[service].port;
let name;
try {
  if (values.build) buildApps([service]);
  name = await startService(service, { port, instanceId: values.instance });
  await waitHealthy(name, port);
} catch (error) {
  fail(error.message, error.hint ?? `see logs/${name}.log`);
}
console.log(`${name} is up on http://127.0.0.1:${port}`);
