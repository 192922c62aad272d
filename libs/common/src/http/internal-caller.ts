import { timingSafeEqual } from 'node:crypto';
import { isIP } from 'node:net';

/** Whether an address is this host's: 127.0.0.0/8, ::1, or IPv4 loopback written as IPv6. */
export function isLoopback(address: string | undefined): boolean {
  if (!address) return false;
  const v4 = address.startsWith('::ffff:') ? address.slice(7) : address;
  return (isIP(v4) === 4 && v4.startsWith('127.')) || address === '::1';
}

export interface CallerRequest {
  headers: { authorization?: string };
  /** The TCP peer, never X-Forwarded-For: a client cannot claim to be local. */
  socket: { remoteAddress?: string };
}

/**
 * Whether a request comes from inside: over loopback (a process on this
 * host, such as a local Prometheus or the test suite), or with
 * `Authorization: Bearer <METRICS_TOKEN>` when a token is configured (a
 * scraper elsewhere in the cluster). Judged on the TCP peer, so a public
 * client behind any proxy header is never taken for an internal one.
 */
export function isInternalCaller(request: CallerRequest, metricsToken: string | undefined): boolean {
  if (isLoopback(request.socket.remoteAddress)) return true;
  const presented = request.headers.authorization?.startsWith('Bearer ') ? request.headers.authorization.slice(7) : '';
  if (!metricsToken || !presented) return false;
  const [a, b] = [Buffer.from(presented), Buffer.from(metricsToken)];
  return a.length === b.length && timingSafeEqual(a, b);
}
