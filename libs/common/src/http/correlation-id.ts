import { randomUUID } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { CORRELATION_ID_HEADER } from '../correlation';

// Anything else (too long, odd characters) is replaced, so a client cannot inject into logs.
const ACCEPTABLE = /^[A-Za-z0-9._:-]{1,128}$/;

/** The caller's correlation id when it is acceptable, else a new one. Used as Fastify's request id. */
export function correlationIdOf(req: { headers: IncomingHttpHeaders }): string {
  const header = req.headers[CORRELATION_ID_HEADER];
  return typeof header === 'string' && ACCEPTABLE.test(header) ? header : randomUUID();
}
