import { Controller, Get, Inject, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import type { ServiceName } from '@app/common';
import { HealthService } from './health.service';

export const HEALTH_SERVICE_NAME = Symbol('HEALTH_SERVICE_NAME');

/** `/health` and `/health/ready` check every dependency; `/health/live` only the process. */
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthService,
    @Inject(HEALTH_SERVICE_NAME) private readonly service: ServiceName,
  ) {}

  @Get()
  async check(@Res({ passthrough: true }) reply: FastifyReply) {
    const report = await this.health.readiness(this.service);
    reply.status(report.httpStatus);
    return report.body;
  }

  @Get('ready')
  ready(@Res({ passthrough: true }) reply: FastifyReply) {
    return this.check(reply);
  }

  @Get('live')
  live() {
    return { status: 'UP', service: this.service };
  }
}
