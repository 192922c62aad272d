import type { FastifyInstance } from 'fastify';
import { CORRELATION_ID_HEADER, correlation } from '@app/events';
import { httpRequestDuration } from '../metrics/metrics';

/**
 * Fastify hooks every service gets: the correlation id (the request id) is
 * echoed on every response and carried through the request's async work, and each response is timed by route pattern.
 */
export function instrumentHttp(fastify: FastifyInstance): void {
  fastify.addHook('onRequest', (request, reply, done) => {
    reply.header(CORRELATION_ID_HEADER, request.id);
    // The rest of the request runs inside the id's context: logs and published events pick it up.
    correlation.run(request.id, done);
  });
  fastify.addHook('onResponse', (request, reply, done) => {
    httpRequestDuration.observe(
      { method: request.method, route: request.routeOptions.url ?? 'unmatched', status: String(reply.statusCode) },
      reply.elapsedTime / 1000,
    );
    done();
  });
}
