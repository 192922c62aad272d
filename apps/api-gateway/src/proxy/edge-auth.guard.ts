import { CanActivate, ExecutionContext, Injectable, NotFoundException, UnauthorizedException } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { AccessTokenVerifier, AuthUser } from '@app/auth';
import { needsToken, routeFor } from './routes';

/** 404 for an unknown API route; 401 at the edge when the route family needs a token and there is no valid one. */
@Injectable()
export class EdgeAuthGuard implements CanActivate {
  constructor(private readonly tokens: AccessTokenVerifier) {}

  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<FastifyRequest & { user?: AuthUser }>();
    const route = routeFor(request.url);
    if (!route) throw new NotFoundException(`No API route for ${request.method} ${request.url.split('?')[0]}`);
    if (!needsToken(route, request.method)) return true;
    const user = this.tokens.verify(request.headers.authorization);
    if (!user) throw new UnauthorizedException('A valid bearer token is required');
    request.user = user;
    return true;
  }
}
