import { Controller, Get, Req, Res, UseGuards } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AccessTokenVerifier, Role } from '@app/auth';
import { isInternalCaller } from '@app/common';
import { HealthService } from '@app/health';
import type { GatewayEnv } from '../gateway.env';
import { ClientThrottlerGuard } from '../rate-limit/client-throttler.guard';
import { GatewayHealthService } from './gateway-health.service';

/**
 * `/health` aggregates every service. `/health/ready` is the gateway's own
 * readiness, so one service being down does not take the front door out of
 * rotation. A public caller learns only UP or DOWN (and the status code);
 * the details, which map the topology, are for internal callers (loopback
 * or METRICS_TOKEN) and admins. `/health` fans out to every service, so it
 * counts against the caller's rate limit; the probes do not.
 */
@Controller('health')
export class GatewayHealthController {
  private readonly metricsToken: string | undefined;

  constructor(
    private readonly platform: GatewayHealthService,
    private readonly health: HealthService,
    private readonly tokens: AccessTokenVerifier,
    config: ConfigService<GatewayEnv, true>,
  ) {
    this.metricsToken = config.get('METRICS_TOKEN', { infer: true });
  }

  @Get()
  @UseGuards(ClientThrottlerGuard)
  async aggregate(@Req() request: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply) {
    const report = await this.platform.aggregate();
    reply.status(report.httpStatus);
    return this.shown(request, report.body);
  }

  @Get('ready')
  async ready(@Req() request: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply) {
    const report = await this.health.readiness('api-gateway');
    reply.status(report.httpStatus);
    return this.shown(request, report.body);
  }

  @Get('live')
  live() {
    return { status: 'UP', service: 'api-gateway' };
  }

  private shown<T extends { status: string }>(
    request: FastifyRequest,
    body: T,
  ): T | { status: string; service: string } {
    const trusted =
      isInternalCaller(request.raw, this.metricsToken) ||
      this.tokens.verify(request.headers.authorization)?.role === Role.Admin;
    return trusted ? body : { status: body.status, service: 'api-gateway' };
  }
}
