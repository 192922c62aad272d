import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { InjectModel } from '@nestjs/mongoose';
import { Model, Types } from 'mongoose';
import { ensureIndexes, insertOnce } from '@app/common';
import { UserErrorCode, UserServiceError } from '../errors/user-service.error';
import { durationSeconds, UserEnv } from '../user.env';
import { RefreshToken } from './refresh-token.schema';

export interface RotatedRefreshToken {
  userId: string;
  refreshToken: string;
}

/**
 * Rotating, single-use refresh tokens. Redeeming token T inserts its
 * successor with parentHash = hash(T); the unique index lets exactly one
 * insert through, on FerretDB as on MongoDB. A second redemption of T is
 * reuse (a stolen copy, or a replay), and revokes T's whole family. A family
 * (one login's session) lives at most REFRESH_SESSION_MAX_AGE, however often
 * it is refreshed.
 */
@Injectable()
export class RefreshTokensService implements OnModuleInit {
  private readonly logger = new Logger(RefreshTokensService.name);
  private readonly ttlMs: number;
  private readonly sessionMaxAgeMs: number;

  constructor(
    @InjectModel(RefreshToken.name) private readonly tokens: Model<RefreshToken>,
    config: ConfigService<UserEnv, true>,
  ) {
    this.ttlMs = durationSeconds(config.get('REFRESH_TOKEN_TTL', { infer: true })) * 1000;
    this.sessionMaxAgeMs = durationSeconds(config.get('REFRESH_SESSION_MAX_AGE', { infer: true })) * 1000;
  }

  onModuleInit(): Promise<void> {
    return ensureIndexes(this.tokens);
  }

  /** The first token of a new family, for a login or a registration. */
  async issue(userId: string): Promise<string> {
    const familyId = randomUUID();
    const token = await this.insert({ userId, familyId, parentHash: `root:${familyId}`, sessionStartedAt: new Date() });
    if (!token) throw new Error(`a new session's root token collided (family ${familyId})`);
    return token;
  }

  async rotate(presented: string): Promise<RotatedRefreshToken> {
    const current = await this.find(presented);
    if (!current || current.expiresAt.getTime() <= Date.now() || (await this.familyRevoked(current.familyId))) {
      throw new UserServiceError(UserErrorCode.RefreshInvalid);
    }
    const userId = String(current.userId);
    const sessionStartedAt = current.sessionStartedAt ?? current.createdAt;
    if (sessionStartedAt.getTime() + this.sessionMaxAgeMs <= Date.now()) {
      throw new UserServiceError(UserErrorCode.RefreshInvalid);
    }
    const refreshToken = await this.insert({
      userId,
      familyId: current.familyId,
      parentHash: current.tokenHash,
      sessionStartedAt,
    });
    if (refreshToken) return { userId, refreshToken };
    // tokenHash is unique too, but 256 random bits do not collide: a refused insert here is parentHash's.
    await this.revokeFamily(current.familyId);
    this.logger.warn(`refresh token reused; revoked family ${current.familyId} of user ${userId}`);
    throw new UserServiceError(UserErrorCode.RefreshReused);
  }

  /** Logout: ends the session the token belongs to. Unknown tokens are ignored, so logout is idempotent. */
  async revoke(presented: string): Promise<void> {
    const token = await this.find(presented);
    if (token) await this.revokeFamily(token.familyId);
  }

  private find(presented: string) {
    return this.tokens
      .findOne({ tokenHash: hashToken(presented) })
      .lean()
      .exec();
  }

  private async insert(fields: {
    userId: string;
    familyId: string;
    parentHash: string;
    sessionStartedAt: Date;
  }): Promise<string | null> {
    const refreshToken = randomBytes(32).toString('base64url');
    const sessionEnds = fields.sessionStartedAt.getTime() + this.sessionMaxAgeMs;
    const inserted = await insertOnce(this.tokens, {
      tokenHash: hashToken(refreshToken),
      parentHash: fields.parentHash,
      familyId: fields.familyId,
      userId: new Types.ObjectId(fields.userId),
      sessionStartedAt: fields.sessionStartedAt,
      expiresAt: new Date(Math.min(Date.now() + this.ttlMs, sessionEnds)),
    });
    return inserted && refreshToken;
  }

  private async revokeFamily(familyId: string): Promise<void> {
    await this.tokens.updateMany({ familyId, revokedAt: null }, { $set: { revokedAt: new Date() } }).exec();
  }

  /**
   * Asked of the family, not of the token: updateMany is not atomic on
   * FerretDB, so a successor inserted while a revocation runs may be missed
   * by it, but its revoked ancestors are not.
   */
  private async familyRevoked(familyId: string): Promise<boolean> {
    return (await this.tokens.exists({ familyId, revokedAt: { $ne: null } }).exec()) !== null;
  }
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}
