import { Injectable, OnModuleInit } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { InjectModel } from '@nestjs/mongoose';
import { Model } from 'mongoose';
import { RetentionJob, RetentionRule, daysBefore } from '@app/common';
import { durationSeconds, UserEnv } from '../user.env';
import { RefreshToken } from './refresh-token.schema';

/**
 * A login's refresh tokens, used, expired or revoked, all go together once
 * its session has ended (REFRESH_SESSION_MAX_AGE after the login), and
 * `days` more. Until then every one of them still counts: presenting a used
 * token that has not expired is reuse and revokes the family; a revoked one
 * keeps its family refused (RefreshTokensService.familyRevoked); and a
 * logout with any of them ends the session, whoever holds its newest token.
 * After it, rotate() refuses every token of the family anyway.
 */
export function refreshTokensRule(model: Model<RefreshToken>, sessionMaxAgeMs: number, days: number): RetentionRule {
  return {
    name: model.collection.name,
    model,
    expired: (now) => {
      const startedBefore = new Date(daysBefore(now, days).getTime() - sessionMaxAgeMs);
      return {
        $or: [
          { sessionStartedAt: { $lt: startedBefore } },
          // A token from before sessionStartedAt existed: rotate() counts its session from its creation.
          { sessionStartedAt: { $exists: false }, createdAt: { $lt: startedBefore } },
        ],
      };
    },
  };
}

/** Registers the refresh tokens with user-service's RetentionJob. */
@Injectable()
export class RefreshTokensRetention implements OnModuleInit {
  constructor(
    @InjectModel(RefreshToken.name) private readonly tokens: Model<RefreshToken>,
    private readonly config: ConfigService<UserEnv, true>,
    private readonly job: RetentionJob,
  ) {}

  onModuleInit(): void {
    const sessionMaxAgeMs = durationSeconds(this.config.get('REFRESH_SESSION_MAX_AGE', { infer: true })) * 1000;
    const days = this.config.get('REFRESH_TOKEN_RETENTION_DAYS', { infer: true });
    this.job.register(refreshTokensRule(this.tokens, sessionMaxAgeMs, days));
  }
}
