import { Controller, Get, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { HealthService } from '@app/health';
import { GatewayHealthService } from './gateway-health.service';

/**
 * `/health` aggregates every service. `/health/ready` is the gateway's own
 * readiness, so one service being down does not take the front door out of rotation.
 */
@Controller('health')
export class GatewayHealthController {
  constructor(
    private readonly platform: GatewayHealthService,
    private readonly health: HealthService,
  ) {}

  @Get()
  async aggregate(@Res({ passthrough: true }) reply: FastifyReply) {
    const report = await this.platform.aggregate();
    reply.status(report.httpStatus);
    return report.body;
  }

  @Get('ready')
  async ready(@Res({ passthrough: true }) reply: FastifyReply) {
    const report = await this.health.readiness('api-gateway');
    reply.status(report.httpStatus);
    return report.body;
  }

  @Get('live')
  live() {
    return { status: 'UP', service: 'api-gateway' };
  }
}
