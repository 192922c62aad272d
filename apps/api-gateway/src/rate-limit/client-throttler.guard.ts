import { ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import {
  InjectThrottlerOptions,
  InjectThrottlerStorage,
  ThrottlerGuard,
  type ThrottlerModuleOptions,
  type ThrottlerStorage,
} from '@nestjs/throttler';
import type { FastifyRequest } from 'fastify';
import { AccessTokenVerifier, Role } from '@app/auth';

/**
 * One bucket per client: the user id when the request carries a valid token,
 * else the client address (X-Forwarded-For only when TRUST_PROXY trusts it).
 * A forged or expired token counts against the address, never a user.
 * An admin is not counted: the operator console polls several admin APIs
 * every few seconds, and an admin's token already opens everything a limit
 * would protect.
 */
@Injectable()
export class ClientThrottlerGuard extends ThrottlerGuard {
  constructor(
    @InjectThrottlerOptions() options: ThrottlerModuleOptions,
    @InjectThrottlerStorage() storage: ThrottlerStorage,
    reflector: Reflector,
    private readonly tokens: AccessTokenVerifier,
  ) {
    super(options, storage, reflector);
  }

  protected override async shouldSkip(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    return this.tokens.verify(request.headers.authorization)?.role === Role.Admin;
  }

  protected override async getTracker(request: FastifyRequest): Promise<string> {
    const user = this.tokens.verify(request.headers.authorization);
    return user ? `user:${user.userId}` : `ip:${request.ip}`;
  }
}
