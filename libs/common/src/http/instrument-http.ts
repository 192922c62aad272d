import { Logger } from '@nestjs/common';
import { trace } from '@opentelemetry/api';
import type { FastifyInstance } from 'fastify';
import { CORRELATION_ID_HEADER, correlation } from '../correlation';
import { httpRequestDuration } from '../metrics/metrics';

const QUIET_ROUTES = new Set(['/health', '/health/live', '/health/ready', '/metrics']);

/**
 * Fastify hooks every service gets: the correlation id (the request id) is
 * echoed on every response and carried through the request's async work; each
 * response is timed by route pattern and logged as one access line (probes and
 * scrapes at debug level, so they do not drown the rest).
 */
export function instrumentHttp(fastify: FastifyInstance): void {
  const logger = new Logger('HTTP');
  fastify.addHook('onRequest', (request, reply, done) => {
    reply.header(CORRELATION_ID_HEADER, request.id);
    // The HTTP server span (when tracing) is named by route pattern, not by URL: one name per operation.
    const route = request.routeOptions.url;
    if (route) trace.getActiveSpan()?.updateName(`${request.method} ${route}`).setAttribute('http.route', route);
    correlation.run(request.id, done);
  });
  fastify.addHook('onResponse', (request, reply, done) => {
    const route = request.routeOptions.url ?? 'unmatched';
    httpRequestDuration.observe(
      { method: request.method, route, status: String(reply.statusCode) },
      reply.elapsedTime / 1000,
    );
    const line = {
      message: 'request completed',
      correlationId: request.id,
      method: request.method,
      url: request.url,
      status: reply.statusCode,
      durationMs: Math.round(reply.elapsedTime * 100) / 100,
    };
    if (QUIET_ROUTES.has(route)) logger.debug(line);
    else logger.log(line);
    done();
  });
}
