import { Logger } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { Model, Types } from 'mongoose';
import { validateEnv } from '@app/common';
import { duplicateKeyError, codeOf } from '@app/testing';
import { envOf } from '../../../../test/factories/env.factory';
import { UserErrorCode, UserServiceError } from '../errors/user-service.error';
import { UserEnv } from '../user.env';
import { RefreshToken } from './refresh-token.schema';
import { hashToken, RefreshTokensService } from './refresh-tokens.service';

type Doc = Omit<RefreshToken, 'createdAt'>;
type Filter = Record<string, unknown>;

/**
 * The collection as far as the service uses it, with its two unique indexes:
 * an insert that repeats a tokenHash or parentHash fails as a duplicate key.
 */
class FakeTokenCollection {
  readonly docs: Doc[] = [];

  findOne(filter: Filter) {
    return chain(() => this.docs.find((d) => matches(d, filter)) ?? null);
  }

  exists(filter: Filter) {
    return chain(() => (this.docs.some((d) => matches(d, filter)) ? { _id: new Types.ObjectId() } : null));
  }

  async create(doc: Doc) {
    if (this.docs.some((d) => d.tokenHash === doc.tokenHash || d.parentHash === doc.parentHash)) {
      throw duplicateKeyError(['tokenHash|parentHash']);
    }
    const stored = { ...doc, revokedAt: doc.revokedAt ?? null, createdAt: new Date() } as Doc;
    this.docs.push(stored);
    return stored;
  }

  updateMany(filter: Filter, update: { $set: Partial<Doc> }) {
    return chain(() => this.docs.filter((d) => matches(d, filter)).forEach((d) => Object.assign(d, update.$set)));
  }
}

function chain<T>(run: () => T) {
  const exec = async () => run();
  return { exec, lean: () => ({ exec }) };
}

function matches(doc: Doc, filter: Filter): boolean {
  return Object.entries(filter).every(([key, want]) => {
    const have = (doc as unknown as Record<string, unknown>)[key] ?? null;
    if (want !== null && typeof want === 'object' && '$ne' in want) return have !== (want as { $ne: unknown }).$ne;
    return have === want;
  });
}

const USER = new Types.ObjectId().toHexString();

function newTestService(env: Record<string, string> = {}) {
  const tokens = new FakeTokenCollection();
  const config = new ConfigService<UserEnv, true>(validateEnv(UserEnv)(envOf(env)));
  const sut = new RefreshTokensService(tokens as unknown as Model<RefreshToken>, config);
  return { sut, tokens };
}

describe(RefreshTokensService.name, () => {
  let warn: jest.SpyInstance;
  beforeEach(() => (warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation()));
  afterEach(() => jest.restoreAllMocks());

  it('ends a session REFRESH_SESSION_MAX_AGE after its login, however often it was refreshed', async () => {
    jest.useFakeTimers({ doNotFake: ['nextTick', 'setImmediate'] });
    try {
      const { sut } = newTestService({ REFRESH_TOKEN_TTL: '2d', REFRESH_SESSION_MAX_AGE: '5d' });
      let token = await sut.issue(USER);
      for (let day = 1; day <= 4; day++) {
        jest.advanceTimersByTime(86_400_000);
        token = (await sut.rotate(token)).refreshToken;
      }
      // Day 4: the token issued now would live 2 days, but the session ends on day 5.
      jest.advanceTimersByTime(86_400_000 + 1000);

      expect(await codeOf(sut.rotate(token))).toBe(UserErrorCode.RefreshInvalid);
    } finally {
      jest.useRealTimers();
    }
  });

  it('refuses a refresh token lifetime longer than the session’s', () => {
    expect(() => newTestService({ REFRESH_TOKEN_TTL: '40d' })).toThrow(
      /REFRESH_TOKEN_TTL must not be longer than REFRESH_SESSION_MAX_AGE/,
    );
  });

  it('stores only the SHA-256 of a token, never the token itself', async () => {
    const { sut, tokens } = newTestService();

    const token = await sut.issue(USER);

    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(tokens.docs).toHaveLength(1);
    expect(tokens.docs[0].tokenHash).toBe(hashToken(token));
    expect(JSON.stringify(tokens.docs)).not.toContain(token);
  });

  it('exchanges a token for a new one, which works in turn', async () => {
    const { sut } = newTestService();
    const first = await sut.issue(USER);

    const second = await sut.rotate(first);
    const third = await sut.rotate(second.refreshToken);

    expect(second.userId).toBe(USER);
    expect(third.userId).toBe(USER);
    expect(new Set([first, second.refreshToken, third.refreshToken]).size).toBe(3);
  });

  it('treats a second use as reuse: 401 REUSED, and the token issued from the first use stops working', async () => {
    const { sut } = newTestService();
    const first = await sut.issue(USER);
    const { refreshToken: successor } = await sut.rotate(first);

    expect(await codeOf(sut.rotate(first))).toBe(UserErrorCode.RefreshReused);
    expect(await codeOf(sut.rotate(successor))).toBe(UserErrorCode.RefreshInvalid);
    expect(warn).toHaveBeenCalledWith(expect.stringContaining(`refresh token reused`));
  });

  it('lets exactly one of many simultaneous redemptions of one token through', async () => {
    const { sut } = newTestService();
    const token = await sut.issue(USER);

    const results = await Promise.allSettled(Array.from({ length: 10 }, () => sut.rotate(token)));

    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
  });

  it('revokes only the family of the reused token, not the same user’s other sessions', async () => {
    const { sut } = newTestService();
    const laptop = await sut.issue(USER);
    const phone = await sut.issue(USER);
    await sut.rotate(laptop);

    await codeOf(sut.rotate(laptop));

    expect((await sut.rotate(phone)).userId).toBe(USER);
  });

  it('refuses an unknown token and an expired one', async () => {
    const { sut } = newTestService({ ACCESS_TOKEN_TTL: '30s', REFRESH_TOKEN_TTL: '60s' });
    const token = await sut.issue(USER);
    const later = Date.now() + 61_000;
    jest.spyOn(Date, 'now').mockReturnValue(later);

    expect(await codeOf(sut.rotate('not-a-token'))).toBe(UserErrorCode.RefreshInvalid);
    expect(await codeOf(sut.rotate(token))).toBe(UserErrorCode.RefreshInvalid);
  });

  it('logout revokes the whole family, from any token in it; an unknown token is no error', async () => {
    const { sut } = newTestService();
    const first = await sut.issue(USER);
    const { refreshToken: current } = await sut.rotate(first);

    await sut.revoke(first);
    await sut.revoke('never-issued');

    expect(await codeOf(sut.rotate(current))).toBe(UserErrorCode.RefreshInvalid);
  });

  it('refuses a successor whose family was revoked by a revocation that missed it', async () => {
    const { sut, tokens } = newTestService();
    const first = await sut.issue(USER);
    const { refreshToken: successor } = await sut.rotate(first);
    // What a non-atomic updateMany can leave behind: the ancestor marked, the successor not.
    tokens.docs[0].revokedAt = new Date();

    expect(await codeOf(sut.rotate(successor))).toBe(UserErrorCode.RefreshInvalid);
  });
});
