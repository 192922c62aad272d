import { DynamicModule, Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import type { ServiceName } from '@app/common';
import { HEALTH_SERVICE_NAME, HealthController } from './health.controller';
import { HealthService } from './health.service';
import { ConsumerHealthIndicator } from './consumer.health';
import { KafkaHealthIndicator } from './kafka.health';
import { RedisHealthIndicator } from './redis.health';

export interface HealthModuleOptions {
  /** Mount the standard /health controller (the gateway mounts its own, aggregating). */
  controller?: boolean;
}

@Module({})
export class HealthModule {
  static forService(service: ServiceName, options: HealthModuleOptions = {}): DynamicModule {
    return {
      module: HealthModule,
      imports: [TerminusModule.forRoot({ logger: false })],
      controllers: options.controller === false ? [] : [HealthController],
      providers: [
        { provide: HEALTH_SERVICE_NAME, useValue: service },
        HealthService,
        KafkaHealthIndicator,
        RedisHealthIndicator,
        ConsumerHealthIndicator,
      ],
      exports: [HealthService],
    };
  }
}
