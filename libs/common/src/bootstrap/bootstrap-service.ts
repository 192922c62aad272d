import { Type, ValidationPipe } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import helmet from '@fastify/helmet';
import { SwaggerModule } from '@nestjs/swagger';
import { BaseEnv } from '../config/base.env';
import { loadEnv } from '../config/validate-env';
import { correlationIdOf } from '../http/correlation-id';
import { HttpErrorFilter } from '../http/http-error.filter';
import { instrumentHttp } from '../http/instrument-http';
import { depthLimitedJsonParser } from '../http/json-body';
import { refuseUndeclaredMethodsOnRoutes } from '../http/method-not-allowed';
import { createApiDocument } from '../openapi/api-document';
import { createServiceLogger } from '../logging/service-logger';
import { startMetrics } from '../metrics/metrics';
import { SERVICES, ServiceName } from '../services';

export const BODY_LIMIT_BYTES = 1024 * 1024;

/**
 * The one start-up path of every CommerceX service: JSON logger, Fastify with
 * helmet, a 1 MB body limit and JSON at most 32 levels deep, strict validation, 405 for a known path's
 * undeclared methods, an exact OpenAPI document, graceful shutdown, and for
 * event consumers the Kafka side of the hybrid app (topics created first),
 * connected in the background so a broker outage never stops the start.
 */
export interface BootstrapOptions {
  /** Serve this app's own OpenAPI document at /docs-json (the gateway serves a merged one instead). */
  openApi?: boolean;
  /** App-specific set-up (plugins, CORS, docs) after the common one, before listening. */
  configure?: (app: NestFastifyApplication) => Promise<void> | void;
  /**
   * Connects the Kafka side of the hybrid app, in the background: required
   * for, and only for, a service that consumes events (services.json). Its
   * main.ts passes the events lib's `connectConsumerWithRetry`: common does
   * not depend on events.
   */
  connectConsumer?: (app: NestFastifyApplication, service: ServiceName) => void;
}

export async function bootstrapService(
  service: ServiceName,
  module: Type<unknown>,
  options: BootstrapOptions = {},
): Promise<NestFastifyApplication> {
  try {
    return await start(service, module, options);
  } catch (error) {
    // One readable line for whoever started the process, then a non-zero exit.
    const reason = error instanceof Error ? error.message : String(error);
    console.error(JSON.stringify({ level: 'error', service, message: `start-up failed: ${reason}` }));
    process.exit(1);
  }
}

async function start(
  service: ServiceName,
  module: Type<unknown>,
  options: BootstrapOptions,
): Promise<NestFastifyApplication> {
  const info = SERVICES[service];
  if (info.consumesEvents !== (options.connectConsumer !== undefined)) {
    throw new Error(
      info.consumesEvents
        ? `${service} consumes events (services.json), but its main.ts passes no connectConsumer`
        : `${service} consumes no events (services.json), but its main.ts passes connectConsumer`,
    );
  }
  // The logger and the HTTP adapter exist before Nest's ConfigModule does, so their settings (BaseEnv's) are
  // validated here first, refused with the same message; the app's own class is checked as Nest starts.
  const early = loadEnv(BaseEnv);
  const logger = createServiceLogger({
    service,
    level: early.LOG_LEVEL,
    dir: early.LOG_DIR,
    instanceId: early.INSTANCE_ID,
  });
  const app = await NestFactory.create<NestFastifyApplication>(
    module,
    new FastifyAdapter({
      bodyLimit: BODY_LIMIT_BYTES,
      genReqId: correlationIdOf,
      trustProxy: trustProxy(service, early.TRUST_PROXY),
    }),
    { logger, bufferLogs: true },
  );
  const env = app.get(ConfigService<BaseEnv, true>);
  startMetrics(service, env.get('INSTANCE_ID', { infer: true }));
  instrumentHttp(app.getHttpAdapter().getInstance());
  refuseUndeclaredMethodsOnRoutes(app.getHttpAdapter().getInstance());
  app.useBodyParser(
    'application/json',
    { bodyLimit: BODY_LIMIT_BYTES },
    depthLimitedJsonParser(app.getHttpAdapter().getInstance()),
  );
  await app.register(helmet);
  app.useGlobalPipes(new ValidationPipe({ whitelist: true, forbidNonWhitelisted: true, transform: true }));
  app.useGlobalFilters(new HttpErrorFilter());
  app.enableShutdownHooks();

  if (options.openApi !== false) {
    SwaggerModule.setup('docs', app, () => createApiDocument(app, `CommerceX ${service}`), {
      jsonDocumentUrl: 'docs-json',
    });
  }

  await options.configure?.(app);

  const port = env.get('PORT', { infer: true }) ?? info.port;
  options.connectConsumer?.(app, service);
  await app.listen({ port, host: env.get('HOST', { infer: true }) });
  logger.log(`${service} listening on ${env.get('HOST', { infer: true })}:${port}`, 'Bootstrap');
  return app;
}

/**
 * Whom to believe in X-Forwarded-For (TRUST_PROXY): `true`, `false`, or
 * proxies' addresses, CIDRs or proxy-addr's names (`loopback`, `uniquelocal`).
 * By default the gateway, the edge, believes nobody, and the services behind
 * it believe loopback: the gateway on the same host, which sets the header
 * to the client it saw.
 */
function trustProxy(service: ServiceName, setting: string | undefined): boolean | string {
  const value = setting ?? (service === 'api-gateway' ? 'false' : 'loopback');
  if (value === '' || value === 'false') return false;
  return value === 'true' ? true : value;
}
