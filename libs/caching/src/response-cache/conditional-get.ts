import type { FastifyReply, FastifyRequest } from 'fastify';
import type { CachedResponse } from './response-cache';

/** Clients and CDNs may keep the answer, but must ask again each time: a write shows at once. */
export const REVALIDATE_EVERY_TIME = 'public, no-cache';

const JSON_TYPE = 'application/json; charset=utf-8';

/** Whether If-None-Match names this ETag (or `*`): the weak comparison RFC 9110 asks for on GET. */
export function notModified(request: FastifyRequest, etag: string): boolean {
  const header = request.headers['if-none-match'];
  if (!header) return false;
  if (header.trim() === '*') return true;
  return header.split(',').some((candidate) => candidate.trim().replace(/^W\//, '') === etag);
}

/** ETag and Cache-Control; then a 304 when the client already has this version (its body is then not sent). */
export function validate(request: FastifyRequest, reply: FastifyReply, etag: string): boolean {
  void reply.header('etag', etag).header('cache-control', REVALIDATE_EVERY_TIME);
  if (!notModified(request, etag)) return false;
  void reply.code(304);
  return true;
}

/** Answers from a cached response: 304 or the body, with its own headers and `X-Cache: HIT`. */
export function sendCached(request: FastifyRequest, reply: FastifyReply, cached: CachedResponse): FastifyReply {
  void reply.header('x-cache', 'HIT');
  if (validate(request, reply, cached.etag)) return reply.send();
  for (const name in cached.headers) void reply.header(name, cached.headers[name]);
  return reply.type(JSON_TYPE).send(cached.body);
}
