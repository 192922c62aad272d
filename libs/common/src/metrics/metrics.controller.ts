import { Controller, ForbiddenException, Get, Req, Res } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { BaseEnv } from '../config/base.env';
import { isInternalCaller } from '../http/internal-caller';
import { metrics } from './metrics';

/**
 * Prometheus text, for internal callers only (loopback, or METRICS_TOKEN):
 * it tells the runtime's version, heap and business counters.
 */
@ApiExcludeController()
@Controller('metrics')
export class MetricsController {
  private readonly token: string | undefined;

  constructor(config: ConfigService<BaseEnv, true>) {
    this.token = config.get('METRICS_TOKEN', { infer: true });
  }

  @Get()
  scrape(@Req() request: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<string> {
    if (!isInternalCaller(request.raw, this.token)) {
      throw new ForbiddenException(
        'Metrics are for internal callers: scrape over loopback, or send Authorization: Bearer <METRICS_TOKEN>',
      );
    }
    // Set here, not with @Header: a refusal above must still leave as JSON.
    void reply.header('content-type', metrics.contentType);
    return metrics.metrics();
  }
}
