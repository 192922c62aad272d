// JSON over HTTP for set-up calls and the order generator (autocannon does the rest).
import { randomInt } from 'node:crypto';

/**
 * The address the bench's own gateway counts the bench's anonymous requests under
 * (it trusts X-Forwarded-For): every gateway instance shares its rate-limit buckets
 * and blocks in Redis, so a block another instance set on 127.0.0.1 (the rate-limit
 * e2e test sets one, for 15 minutes) would otherwise answer the bench with 429.
 */
export const BENCH_CLIENT = { 'x-forwarded-for': `10.${randomInt(256)}.${randomInt(256)}.${randomInt(1, 255)}` };

/** A request that never throws for an HTTP error status; body parsed as JSON when it is JSON. */
export async function request(method, url, { token, body, headers = {}, timeoutMs = 15_000 } = {}) {
  const res = await fetch(url, {
    method,
    headers: {
      ...BENCH_CLIENT,
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      ...headers,
    },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(timeoutMs),
  });
  const text = await res.text();
  let parsed = text;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    // not JSON: keep the text
  }
  return { status: res.status, headers: res.headers, body: parsed, text };
}

export async function expectStatus(what, promise, ...statuses) {
  const res = await promise;
  if (!statuses.includes(res.status)) {
    throw new Error(
      `${what}: HTTP ${res.status} ${typeof res.body === 'string' ? res.body : JSON.stringify(res.body)}`,
    );
  }
  return res;
}

/** Prometheus text → { 'name{labels}': value } for the lines whose name starts with prefix. */
export async function scrapeMetrics(baseUrl, prefix) {
  const res = await fetch(`${baseUrl}/metrics`, { signal: AbortSignal.timeout(5_000) });
  const out = {};
  for (const line of (await res.text()).split('\n')) {
    if (!line.startsWith(prefix)) continue;
    const cut = line.lastIndexOf(' ');
    out[line.slice(0, cut)] = Number(line.slice(cut + 1));
  }
  return out;
}

/** Sum of the metric values whose series matches every given label (e.g. {cache: 'products', result: 'hit'}). */
export function sumSeries(metrics, name, labels = {}) {
  let sum = 0;
  for (const [series, value] of Object.entries(metrics)) {
    if (!series.startsWith(`${name}{`) && series !== name) continue;
    if (Object.entries(labels).every(([k, v]) => series.includes(`${k}="${v}"`))) sum += value;
  }
  return sum;
}
