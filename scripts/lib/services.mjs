// The seven services as scripts see them: the same services.json the apps read.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './proc.mjs';

export const SERVICES = JSON.parse(readFileSync(join(ROOT, 'libs/common/src/services.json'), 'utf8'));
export const SERVICE_NAMES = Object.keys(SERVICES);

export function assertServiceName(name) {
  if (!SERVICES[name]) {
    throw new Error(`unknown service '${name}'; expected one of: ${SERVICE_NAMES.join(', ')}`);
  }
  return name;
}

/** Name of an instance's daemon and log: `payment-service`, or `payment-service-2` for a second instance. */
export function instanceName(service, instanceId) {
  return instanceId ? `${service}-${instanceId}` : service;
}
