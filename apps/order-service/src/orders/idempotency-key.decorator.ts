import { BadRequestException, createParamDecorator, ExecutionContext } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';

const ACCEPTABLE = /^[A-Za-z0-9._:-]{1,200}$/;

/** The optional Idempotency-Key header; when present it must be 1–200 safe characters (400 otherwise). */
export const IdempotencyKey = createParamDecorator((_: unknown, context: ExecutionContext): string | undefined => {
  const value = context.switchToHttp().getRequest<FastifyRequest>().headers['idempotency-key'];
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || !ACCEPTABLE.test(value)) {
    throw new BadRequestException('Idempotency-Key must be 1-200 characters of letters, digits, . _ : -');
  }
  return value;
});
