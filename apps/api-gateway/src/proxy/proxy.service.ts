import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ResponseCache, sendCached } from '@app/caching';
import { CORRELATION_ID_HEADER } from '@app/common';
import { UpstreamName, Upstreams } from '../upstreams/upstreams';
import { GatewayEnv } from '../gateway.env';
import { API_PREFIX, routeFor } from './routes';

/** Streams a request to the service that owns it and the answer back, over kept-alive connections. */
@Injectable()
export class ProxyService {
  private readonly timeoutMs: number;

  constructor(
    private readonly upstreams: Upstreams,
    private readonly responses: ResponseCache,
    config: ConfigService<GatewayEnv, true>,
  ) {
    this.timeoutMs = config.get('UPSTREAM_TIMEOUT_MS', { infer: true });
  }

  /**
   * A public read its service has cached whole is answered from Redis, with no
   * hop: the entry is checked against the catalog's generations in the same
   * round trip, so every gateway instance sees a write as soon as it is answered.
   */
  async forward(request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> {
    // EdgeAuthGuard has already answered 404 for anything routeFor does not know.
    const route = routeFor(request.url)!;
    const path = request.url.slice(API_PREFIX.length);
    if (route.cachedReads && request.method === 'GET') {
      const cached = await this.responses.lookup(path, 'gateway');
      if (cached) return sendCached(request, reply, cached);
    }
    return this.proxy(route.service, path, request, reply);
  }

  private proxy(service: UpstreamName, path: string, request: FastifyRequest, reply: FastifyReply): FastifyReply {
    const target = this.upstreams.url(service) + path;
    return reply.from(target, {
      timeout: this.timeoutMs,
      // The client as this gateway sees it (after its own TRUST_PROXY), in place of whatever the client claimed:
      // the services count per-client limits, such as failed logins, by it.
      // The trace goes on from this gateway's client span, which the undici instrumentation adds (when tracing):
      // the client's own traceparent and tracestate must not travel on beside it.
      rewriteRequestHeaders: (req, { traceparent: _client, tracestate: _state, ...headers }) => ({
        ...headers,
        [CORRELATION_ID_HEADER]: req.id,
        'x-forwarded-for': req.ip,
      }),
      onError: (res, { error }) => {
        const timedOut = /timeout/i.test(error.name) || /timeout/i.test(error.message);
        const statusCode = timedOut ? 504 : 503;
        res.code(statusCode).send({
          statusCode,
          message: timedOut ? `${service} did not answer in time` : `${service} is unavailable`,
          error: timedOut ? 'Gateway Timeout' : 'Service Unavailable',
        });
      },
    });
  }
}
