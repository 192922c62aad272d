import { ConfigService } from '@nestjs/config';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { Test } from '@nestjs/testing';
import { ThrottlerModule } from '@nestjs/throttler';
import { AccessTokenVerifier } from '@app/auth';
import { HttpErrorFilter } from '@app/common';
import { TEST_JWT_SECRET } from '../../../../test/factories/env.factory';
import { ClientThrottlerGuard } from '../rate-limit/client-throttler.guard';
import { ApiDocsController } from './api-docs.controller';
import { ApiDocsService } from './api-docs.service';
import { EventsDocsController } from './events-docs.controller';

const LIMIT = 3;
const DOCUMENT = '{"openapi":"3.0.0","paths":{}}';

/** The docs controllers behind the gateway's guard, with the limit kept in memory instead of Redis. */
async function newTestApp(limit: number): Promise<NestFastifyApplication> {
  const module = await Test.createTestingModule({
    imports: [ThrottlerModule.forRoot({ throttlers: [{ limit, ttl: 60_000 }] })],
    controllers: [ApiDocsController, EventsDocsController],
    providers: [
      ClientThrottlerGuard,
      {
        provide: AccessTokenVerifier,
        useValue: new AccessTokenVerifier(new ConfigService({ JWT_SECRET: TEST_JWT_SECRET })),
      },
      { provide: ApiDocsService, useValue: { json: async () => DOCUMENT } },
    ],
  }).compile();
  const app = module.createNestApplication<NestFastifyApplication>(new FastifyAdapter());
  app.useGlobalFilters(new HttpErrorFilter());
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  return app;
}

describe(ApiDocsController.name, () => {
  let app: NestFastifyApplication;
  afterEach(() => app.close());

  const get = (url: string) => app.inject({ method: 'GET', url });

  it('serves the document, and Swagger UI’s page and files', async () => {
    app = await newTestApp(100);
    expect(await get('/docs-json')).toMatchObject({ statusCode: 200, body: DOCUMENT });
    expect((await get('/docs-json')).headers['content-type']).toMatch(/^application\/json/);
    const page = await get('/docs');
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    for (const src of page.body.match(/(?<=(href|src)=")[^"]+/g)!) {
      expect([src, (await get(src)).statusCode]).toEqual([src, 200]);
    }
    expect((await get('/docs/swagger-ui-bundle.js')).headers['cache-control']).toBe('public, max-age=86400');
    expect((await get('/docs/package.json')).statusCode).toBe(404);
    expect(JSON.parse((await get('/docs/events')).body)).toMatchObject({ asyncapi: expect.stringMatching(/^3\./) });
  });

  it.each(['/docs-json', '/docs', '/docs/swagger-ui-bundle.js', '/docs/events'])(
    'counts %s against the rate limit: 429 with Retry-After and the error body past it',
    async (url) => {
      app = await newTestApp(LIMIT);
      for (let i = 0; i < LIMIT; i++) expect((await get(url)).statusCode).toBe(200);

      const refused = await get(url);

      expect(refused.statusCode).toBe(429);
      expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
      expect(refused.json()).toMatchObject({ statusCode: 429, error: 'Too Many Requests' });
    },
  );
});
