import '@app/tracing/register';
import { ConfigService } from '@nestjs/config';
import { SwaggerModule } from '@nestjs/swagger';
import replyFrom from '@fastify/reply-from';
import { bootstrapService, createApiDocument, pathOf, refuseUndeclaredMethods } from '@app/common';
import { AppModule } from './app.module';
import { ApiDocsService } from './docs/api-docs.service';
import { GatewayEnv } from './gateway.env';
import { serveOpsConsole } from './ops/ops-console';
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

    serveOpsConsole(app);

    const docs = app.get(ApiDocsService);
    const own = createApiDocument(app, 'CommerceX');
    SwaggerModule.setup('docs', app, own, {
      jsonDocumentUrl: 'docs-json',
      patchDocumentOnRequest: (_req, _res, document) => docs.merge(document),
    });
    // /api/* is one catch-all route here; which methods a path has is in the services' documents.
    // (They are fetched in the background: at start-up the services may not be up yet.)
    refuseUndeclaredMethods(app.getHttpAdapter().getInstance(), (request) => {
      const path = pathOf(request);
      return path.startsWith(`${API_PREFIX}/`) ? docs.allowedMethods(path) : [];
    });
  },
});
