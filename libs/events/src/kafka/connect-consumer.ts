import { setTimeout as sleep } from 'node:timers/promises';
import { INestMicroservice, Logger } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { BaseEnv, ServiceName } from '@app/common';
import { topicsUsedBy } from '../contracts/topic-flow';
import { ensureTopics } from './ensure-topics';
import { groupMembership } from './group-membership';
import { kafkaConnection, kafkaConsumerOptions } from './kafka.config';
import { MemberTrackingServerKafka } from './member-tracking-server-kafka';

const MAX_BACKOFF_MS = 10_000;

/**
 * Connects the Kafka side of a hybrid app in the background, retrying with
 * backoff for as long as it takes, while the HTTP side starts serving: a
 * broker that is down at start-up shows as `kafka: DOWN` in /health instead
 * of a crash loop, and the consumer joins its group once the broker is back.
 * A consuming service's main.ts hands it to bootstrapService() (@app/common).
 */
export function connectConsumerWithRetry(app: NestFastifyApplication, service: string): void {
  const logger = new Logger('KafkaConsumer');
  const config: ConfigService<BaseEnv, true> = app.get(ConfigService);
  const connection = kafkaConnection(config);
  const topics = {
    connection,
    clientId: service,
    topics: topicsUsedBy(service as ServiceName),
    partitions: config.get('KAFKA_PARTITIONS', { infer: true }),
    replicationFactor: config.get('KAFKA_REPLICATION_FACTOR', { infer: true }),
  };
  const instanceId = config.get('INSTANCE_ID', { infer: true });
  const { options: kafka } = kafkaConsumerOptions({ service, connection, instanceId });
  // Nest's Kafka server, which also tells readiness whether the consumer is in its group.
  const server = new MemberTrackingServerKafka(kafka!);
  const microservice: INestMicroservice = app.connectMicroservice({ strategy: server });
  let closing = false;
  app
    .getHttpAdapter()
    .getInstance()
    .addHook('onClose', async () => {
      closing = true;
    });

  void (async () => {
    for (let attempt = 1; !closing; attempt++) {
      try {
        await ensureTopics(topics);
        await microservice.listen();
        if (attempt > 1) logger.log(`consumer group ${service} joined after ${attempt} attempts`);
        return;
      } catch (error) {
        const delay = Math.min(500 * 2 ** (attempt - 1), MAX_BACKOFF_MS);
        logger.warn(`Kafka not reachable (${(error as Error).message}); retrying in ${delay} ms`);
        groupMembership.reset(`Kafka not reachable: ${(error as Error).message}`);
        // The transport only: the microservice's own close() would run the shared container's shutdown
        // hooks in a hybrid app, and close the database connection under the HTTP side's start.
        await server.close().catch(() => undefined);
        await sleep(delay);
      }
    }
  })();
}
