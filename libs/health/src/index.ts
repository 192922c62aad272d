export * from './health.module';
export * from './health.service';
export * from './kafka.health';
export * from './redis.health';
export * from './consumer.health';
