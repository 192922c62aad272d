import services from '../../libs/common/src/services.json';

export type ServiceName = keyof typeof services;
export const SERVICE_NAMES = Object.keys(services) as ServiceName[];

export function serviceUrl(name: ServiceName): string {
  return `http://127.0.0.1:${services[name].port}`;
}

export const GATEWAY = serviceUrl('api-gateway');

export function ownsDatabase(name: ServiceName): boolean {
  return services[name].database !== null;
}

/**
 * The environment the tests start the stack with (global setup, and a suite
 * that restarts it). Every suite calls the gateway from 127.0.0.1: the default
 * 100 requests per 15 minutes would throttle the suite itself, and so would 100
 * failed logins per client over a few runs (the counts live in Redis for 15
 * minutes). Rate-limit and login-throttle tests run their own instances with
 * small limits.
 */
export function stackEnv(env: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  return {
    ...env,
    RATE_LIMIT_MAX: env.RATE_LIMIT_MAX ?? '1000000',
    LOGIN_MAX_FAILURES_PER_CLIENT: env.LOGIN_MAX_FAILURES_PER_CLIENT ?? '1000000',
  };
}
