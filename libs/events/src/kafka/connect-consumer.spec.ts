import { Injectable, Logger, Module, OnApplicationShutdown } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { Test } from '@nestjs/testing';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { connectConsumerWithRetry } from './connect-consumer';
import { ensureTopics } from './ensure-topics';
import { MemberTrackingServerKafka } from './member-tracking-server-kafka';

// No broker in unit tests: the two Kafka steps of an attempt are replaced, so that the first attempt fails
// the way a cluster that is still electing its leaders makes it fail, and the second one succeeds.
jest.mock('./ensure-topics', () => ({ ensureTopics: jest.fn() }));

/** Stands for what a hybrid app shares with its consumer: the database connection, closed at shutdown. */
@Injectable()
class Database implements OnApplicationShutdown {
  closed = false;
  onApplicationShutdown(): void {
    this.closed = true;
  }
}

@Module({
  providers: [
    Database,
    {
      provide: ConfigService,
      useValue: new ConfigService({ KAFKA_BROKERS: '127.0.0.1:9', KAFKA_PARTITIONS: 3, INSTANCE_ID: undefined }),
    },
  ],
})
class HybridModule {}

describe('connectConsumerWithRetry', () => {
  let app: NestFastifyApplication;

  afterEach(async () => {
    await app?.close();
    jest.restoreAllMocks();
  });

  it('retries a failed attempt without shutting the app down: the HTTP side keeps its database', async () => {
    jest
      .mocked(ensureTopics)
      .mockRejectedValueOnce(new Error('This server does not host this topic-partition'))
      .mockResolvedValue([]);
    const listen = jest
      .spyOn(MemberTrackingServerKafka.prototype, 'listen')
      .mockImplementation(async (callback: (error?: unknown) => void) => callback());
    const close = jest.spyOn(MemberTrackingServerKafka.prototype, 'close').mockResolvedValue();
    const joined = new Promise<string>((resolve) =>
      jest.spyOn(Logger.prototype, 'log').mockImplementation((message: unknown) => {
        if (String(message).startsWith('consumer group')) resolve(String(message));
      }),
    );
    jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);

    const moduleRef = await Test.createTestingModule({ imports: [HybridModule] }).compile();
    app = moduleRef.createNestApplication<NestFastifyApplication>(new FastifyAdapter(), { logger: false });
    connectConsumerWithRetry(app, 'probe-service');
    await app.init();

    expect(await joined).toBe('consumer group probe-service joined after 2 attempts');
    expect(close).toHaveBeenCalledTimes(1);
    expect(listen).toHaveBeenCalledTimes(1);
    expect(app.get(Database).closed).toBe(false);
  });
});
