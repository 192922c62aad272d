import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ReadAsideCache, ResponseCache, etagOf, sendCached, validate } from '@app/caching';
import { ProductEnv } from '../product.env';
import { LISTS_SCOPE, STOCK_SCOPE, productScope } from './catalog-cache.service';

/** The catalog's public reads by route pattern: their metrics label and what makes a whole answer stale. */
const ANSWERS: Readonly<Record<string, { cache: string; scopes: (params: Record<string, string>) => string[] }>> = {
  '/products': { cache: 'products', scopes: () => [LISTS_SCOPE, STOCK_SCOPE] },
  '/products/:id': { cache: 'product', scopes: ({ id }) => [productScope(id)] },
};

/** What a controller builds on a miss: the value to send and whether the read-aside cache had its parts. */
export interface BuiltAnswer {
  value: unknown;
  hit: boolean;
  headers?: Record<string, string>;
}

/**
 * Whole catalog answers, served before Nest's router, pipes and interceptors
 * run: a hit is one Redis round trip, with a strong ETag from the generations
 * it was built under, and a 304 when the client already has it. A miss goes
 * through the controller (validation, the read-aside cache), which stores its
 * answer for the next reader here and at the gateway (ResponseCache).
 */
@Injectable()
export class CatalogHttpCache {
  private readonly ttlMs: number;

  constructor(
    private readonly responses: ResponseCache,
    private readonly cache: ReadAsideCache,
    config: ConfigService<ProductEnv, true>,
  ) {
    this.ttlMs = config.get('CATALOG_CACHE_TTL_MS', { infer: true });
  }

  install(fastify: FastifyInstance): void {
    fastify.addHook('onRequest', async (request, reply) => {
      const answer = request.method === 'GET' ? ANSWERS[request.routeOptions.url ?? ''] : undefined;
      if (!answer) return;
      const cached = await this.responses.lookup(request.url, answer.cache);
      if (cached) return sendCached(request, reply, cached);
    });
  }

  /**
   * A miss: the generations are read before `build` reads anything, so a write
   * in between leaves the stored answer stale, never served. With a current
   * If-None-Match it answers 304 without building.
   */
  async respond(
    request: FastifyRequest,
    reply: FastifyReply,
    build: () => Promise<BuiltAnswer>,
  ): Promise<string | undefined> {
    const answer = ANSWERS[request.routeOptions.url ?? ''];
    const version = await this.cache.version(answer.scopes(request.params as Record<string, string>));
    if (version && validate(request, reply, etagOf(version.tag))) return undefined;
    const built = await build();
    const body = JSON.stringify(built.value);
    const headers = built.headers ?? {};
    for (const name in headers) void reply.header(name, headers[name]);
    void reply.header('x-cache', built.hit ? 'HIT' : 'MISS').type('application/json; charset=utf-8');
    if (version) void this.responses.store(request.url, version, { headers, body }, this.ttlMs);
    return body;
  }
}
