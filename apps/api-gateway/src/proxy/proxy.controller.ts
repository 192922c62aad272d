import { All, Controller, Req, Res, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ClientThrottlerGuard } from '../rate-limit/client-throttler.guard';
import { EdgeAuthGuard } from './edge-auth.guard';
import { ProxyService } from './proxy.service';

/** Every `/api/*` request: rate-limited per client, authenticated at the edge where needed, then forwarded. */
@ApiExcludeController()
@Controller('api')
@UseGuards(ClientThrottlerGuard, EdgeAuthGuard)
export class ProxyController {
  constructor(private readonly proxy: ProxyService) {}

  @All('*')
  forward(@Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    return this.proxy.forward(request, reply);
  }
}
