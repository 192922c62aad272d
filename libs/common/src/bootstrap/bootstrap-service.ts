import { Type, ValidationPipe } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import helmet from '@fastify/helmet';
import { ensureTopics, kafkaConsumerOptions, parseBrokers } from '@app/events';
import { BaseEnv } from '../config/base.env';
import { createServiceLogger } from '../logging/service-logger';
import { SERVICES, ServiceName } from '../services';

export const BODY_LIMIT_BYTES = 1024 * 1024;

/**
 * The one start-up path of every CommerceX service: JSON logger, Fastify with
 * helmet and a 1 MB body limit, strict validation, graceful shutdown, and for
 * event consumers the Kafka side of the hybrid app (topics created first).
 */
export async function bootstrapService(service: ServiceName, module: Type<unknown>): Promise<NestFastifyApplication> {
  try {
    return await start(service, module);
  } catch (error) {
    // One readable line for whoever started the process, then a non-zero exit.
    const reason = error instanceof Error ? error.message : String(error);
    console.error(JSON.stringify({ level: 'error', service, message: `start-up failed: ${reason}` }));
    process.exit(1);
  }
}

async function start(service: ServiceName, module: Type<unknown>): Promise<NestFastifyApplication> {
  const logger = createServiceLogger({
    service,
    level: process.env.LOG_LEVEL,
    dir: process.env.LOG_DIR,
    instanceId: process.env.INSTANCE_ID,
  });
  const app = await NestFactory.create<NestFastifyApplication>(
    module,
    new FastifyAdapter({ bodyLimit: BODY_LIMIT_BYTES }),
    { logger, bufferLogs: true },
  );
  const env = app.get(ConfigService<BaseEnv, true>);
  await app.register(helmet);
  app.useGlobalPipes(new ValidationPipe({ whitelist: true, forbidNonWhitelisted: true, transform: true }));
  app.enableShutdownHooks();

  const info = SERVICES[service];
  if (info.consumesEvents) {
    const brokers = parseBrokers(env.get('KAFKA_BROKERS', { infer: true }));
    await ensureTopics({ brokers, clientId: service });
    app.connectMicroservice(
      kafkaConsumerOptions({ service, brokers, instanceId: env.get('INSTANCE_ID', { infer: true }) }),
    );
    await app.startAllMicroservices();
  }

  const port = env.get('PORT', { infer: true }) ?? info.port;
  await app.listen({ port, host: process.env.HOST ?? '0.0.0.0' });
  logger.log(`${service} listening on port ${port}`, 'Bootstrap');
  return app;
}
