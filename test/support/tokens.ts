import { randomBytes } from 'node:crypto';
import { JwtService } from '@nestjs/jwt';
import { Role } from '@app/auth';
import { stackJwtSecret } from './secrets';

const jwt = new JwtService({ secret: stackJwtSecret(), signOptions: { expiresIn: '15m' } });

/**
 * An access token as user-service would sign it, for a user that need not
 * exist: the services trust the signature, not a lookup.
 */
export function accessToken(role: Role, userId = randomBytes(12).toString('hex')): string {
  return jwt.sign({ sub: userId, email: `${userId}@test.commercex.local`, role });
}
