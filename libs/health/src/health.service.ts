import { HttpStatus, Injectable, ServiceUnavailableException } from '@nestjs/common';
import {
  HealthCheckResult,
  HealthCheckService,
  HealthIndicatorFunction,
  MongooseHealthIndicator,
} from '@nestjs/terminus';
import { SERVICES, ServiceName } from '@app/common';
import { ConsumerHealthIndicator } from './consumer.health';
import { KafkaHealthIndicator } from './kafka.health';
import { RedisHealthIndicator } from './redis.health';

export type Health = 'UP' | 'DOWN';

export interface HealthReport {
  httpStatus: HttpStatus;
  body: {
    status: Health;
    service: string;
    db?: 'CONNECTED' | 'DISCONNECTED';
    kafka?: Health;
    /** For services that consume events: whether their consumer is in its group. */
    consumer?: Health;
    redis?: Health;
    checks: HealthCheckResult['details'];
  };
}

/** Runs the Terminus checks of a service's real dependencies and shapes the answer. */
@Injectable()
export class HealthService {
  constructor(
    private readonly terminus: HealthCheckService,
    private readonly mongo: MongooseHealthIndicator,
    private readonly kafka: KafkaHealthIndicator,
    private readonly redis: RedisHealthIndicator,
    private readonly consumer: ConsumerHealthIndicator,
  ) {}

  /** Every dependency the service has, as listed in services.json. */
  async readiness(service: ServiceName): Promise<HealthReport> {
    const info = SERVICES[service];
    const checks: HealthIndicatorFunction[] = [];
    if (info.database) checks.push(() => this.mongo.pingCheck('mongodb').withTimeout(1500));
    if (info.kafka) checks.push(() => this.kafka.check('kafka'));
    if (info.consumesEvents) checks.push(async () => this.consumer.check('consumer'));
    if (info.redis) checks.push(() => this.redis.check('redis'));

    const result = await this.run(checks);
    const up = (key: string) => result.details[key]?.status === 'up';
    const body: HealthReport['body'] = {
      status: result.status === 'ok' ? 'UP' : 'DOWN',
      service,
      checks: result.details,
    };
    if (info.database) body.db = up('mongodb') ? 'CONNECTED' : 'DISCONNECTED';
    if (info.kafka) body.kafka = up('kafka') ? 'UP' : 'DOWN';
    if (info.consumesEvents) body.consumer = up('consumer') ? 'UP' : 'DOWN';
    if (info.redis) body.redis = up('redis') ? 'UP' : 'DOWN';
    return { httpStatus: body.status === 'UP' ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE, body };
  }

  private async run(checks: HealthIndicatorFunction[]): Promise<HealthCheckResult> {
    try {
      return await this.terminus.check(checks);
    } catch (error) {
      if (error instanceof ServiceUnavailableException) return error.getResponse() as HealthCheckResult;
      throw error;
    }
  }
}
