import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { CORRELATION_ID_HEADER } from '@app/common';
import { Upstreams } from '../upstreams/upstreams';
import { GatewayEnv } from '../gateway.env';
import { API_PREFIX, routeFor } from './routes';

/** Streams a request to the service that owns it and the answer back, over kept-alive connections. */
@Injectable()
export class ProxyService {
  private readonly timeoutMs: number;

  constructor(
    private readonly upstreams: Upstreams,
    config: ConfigService<GatewayEnv, true>,
  ) {
    this.timeoutMs = config.get('UPSTREAM_TIMEOUT_MS', { infer: true });
  }

  forward(request: FastifyRequest, reply: FastifyReply): FastifyReply {
    // EdgeAuthGuard has already answered 404 for anything routeFor does not know.
    const service = routeFor(request.url)!.service;
    const target = this.upstreams.url(service) + request.url.slice(API_PREFIX.length);
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
