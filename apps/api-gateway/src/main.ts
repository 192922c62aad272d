import '@app/tracing/register';
import { ConfigService } from '@nestjs/config';
import replyFrom from '@fastify/reply-from';
import { AllowedMethods, bootstrapService, createApiDocument, pathOf, refuseUndeclaredMethods } from '@app/common';
import { AppModule } from './app.module';
import { ApiDocsService } from './docs/api-docs.service';
import { GatewayEnv } from './gateway.env';
import { API_PREFIX } from './proxy/routes';

void bootstrapService('api-gateway', AppModule, {
  openApi: false,
  configure: async (app) => {
    const env = app.get(ConfigService<GatewayEnv, true>);
    const timeout = env.get('UPSTREAM_TIMEOUT_MS', { infer: true });
    await app.register(replyFrom, {
      undici: {
        connections: 128,
        pipelining: 1,
        keepAliveTimeout: 30_000,
        headersTimeout: timeout,
        bodyTimeout: timeout,
      },
    });

    const origins = env.get('CORS_ORIGINS', { infer: true });
    if (origins) app.enableCors({ origin: origins === '*' ? true : origins.split(',').map((o) => o.trim()) });

    // Served, rate-limited, by the docs controllers (/docs, /docs-json), merged with the services' documents.
    const docs = app.get(ApiDocsService);
    docs.useGatewayDocument(createApiDocument(app, 'CommerceX'));
    // /api/* is one catch-all route here; which methods a path has is in the services' documents
    // (fetched in the background: at start-up the services may not be up yet), except for the
    // gateway's own /api routes (the operator console's admin APIs), which its router knows.
    const fastify = app.getHttpAdapter().getInstance();
    const ownApiRoutes = new AllowedMethods();
    fastify.addHook('onRoute', (route) => {
      if (route.url.startsWith(`${API_PREFIX}/`) && !route.url.endsWith('*')) ownApiRoutes.add(route.url, route.method);
    });
    refuseUndeclaredMethods(fastify, (request) => {
      const path = pathOf(request);
      if (!path.startsWith(`${API_PREFIX}/`)) return [];
      const own = ownApiRoutes.of(path);
      return own.length > 0 ? own : docs.allowedMethods(path);
    });
  },
});
