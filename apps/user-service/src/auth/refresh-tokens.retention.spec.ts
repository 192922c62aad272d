import { Logger } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { Model, Types } from 'mongoose';
import { RetentionJob, retentionRemoved, validateEnv } from '@app/common';
import { FakeModel, codeOf } from '@app/testing';
import { envOf } from '../../../../test/factories/env.factory';
import { UserErrorCode, UserServiceError } from '../errors/user-service.error';
import { UserEnv } from '../user.env';
import { RefreshToken } from './refresh-token.schema';
import { RefreshTokensRetention } from './refresh-tokens.retention';
import { RefreshTokensService } from './refresh-tokens.service';

const DAY = 86_400_000;
const LOGIN = new Date('2025-06-01T08:00:00Z').getTime();

/** The refresh-token service and the retention job over one collection, on a clock the test moves. */
function newTestRetention(env: Record<string, string> = {}) {
  const config = new ConfigService<UserEnv, true>(validateEnv(UserEnv)(envOf(env)));
  const tokens = Object.assign(new FakeModel([['tokenHash'], ['parentHash']]), {
    collection: { name: `refresh_tokens_${Math.random().toString(36).slice(2)}` },
  });
  const model = tokens as unknown as Model<RefreshToken>;
  const job = new RetentionJob(config);
  new RefreshTokensRetention(model, config, job).onModuleInit();
  const pass = async (): Promise<number> => {
    await job.runOnce(new Date());
    return (await retentionRemoved.get()).values.find((v) => v.labels.collection === tokens.collection.name)!.value;
  };
  return { sut: new RefreshTokensService(model, config), tokens, pass };
}

const at = (days: number) => jest.setSystemTime(LOGIN + days * DAY);
const user = () => new Types.ObjectId().toHexString();

describe(RefreshTokensRetention.name, () => {
  beforeEach(() => {
    jest.useFakeTimers({ doNotFake: ['setImmediate', 'nextTick'], now: LOGIN });
    jest.spyOn(Logger.prototype, 'log').mockImplementation(() => undefined);
    jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    jest.spyOn(Logger.prototype, 'debug').mockImplementation(() => undefined);
  });

  afterEach(() => {
    jest.useRealTimers();
    jest.restoreAllMocks();
  });

  it("removes a login's tokens a day after its session ended, and keeps a live session's", async () => {
    const { sut, tokens, pass } = newTestRetention();
    const first = await sut.issue(user());
    await sut.rotate(first);
    at(28);
    const second = await sut.issue(user());

    at(30 + 1 + 0.01); // the first session ended on day 30, one day of REFRESH_TOKEN_RETENTION_DAYS ago
    expect(await pass()).toBe(2);

    expect(tokens.docs).toHaveLength(1);
    expect(await sut.rotate(second)).toEqual(expect.objectContaining({ refreshToken: expect.any(String) }));
  });

  it('keeps them while the session lasts: a logout with an expired token still ends the session a thief carries on', async () => {
    const { sut, tokens, pass } = newTestRetention();
    const stolen = await sut.issue(user());
    at(1);
    const thief = await sut.rotate(stolen);
    at(6);
    const thiefLater = await sut.rotate(thief.refreshToken);

    at(29); // the first two tokens expired on days 7 and 8; the session lasts until day 30
    expect(await pass()).toBe(0);
    expect(tokens.docs).toHaveLength(3);
    await sut.revoke(stolen);

    expect(await codeOf(sut.rotate(thiefLater.refreshToken))).toBe(UserErrorCode.RefreshInvalid);
  });

  it('keeps a used token detectable as reused until it expires, within a session that retention has passed over', async () => {
    const { sut, pass } = newTestRetention();
    const login = await sut.issue(user());
    at(5);
    const rotated = await sut.rotate(login);

    at(6.5);
    await pass();

    expect(await codeOf(sut.rotate(login))).toBe(UserErrorCode.RefreshReused);
    expect(await codeOf(sut.rotate(rotated.refreshToken))).toBe(UserErrorCode.RefreshInvalid);
  });

  it.each([
    [
      'REFRESH_SESSION_MAX_AGE=10d, REFRESH_TOKEN_RETENTION_DAYS=0',
      { REFRESH_SESSION_MAX_AGE: '10d', REFRESH_TOKEN_RETENTION_DAYS: '0', REFRESH_TOKEN_TTL: '1d' },
      10,
    ],
    ['REFRESH_TOKEN_RETENTION_DAYS=5', { REFRESH_TOKEN_RETENTION_DAYS: '5' }, 35],
  ])('follows the settings (%s)', async (_setting, env, after) => {
    const { sut, tokens, pass } = newTestRetention(env);
    await sut.issue(user());

    at(after - 0.01);
    expect(await pass()).toBe(0);
    at(after + 0.01);
    expect(await pass()).toBe(1);
    expect(tokens.docs).toEqual([]);
  });

  it('counts the session of a token from before sessionStartedAt existed from its creation, as rotate() does', async () => {
    const { tokens, pass } = newTestRetention();
    const legacy = (tokenHash: string, createdDaysAgo: number) => ({
      tokenHash,
      parentHash: `root:${tokenHash}`,
      familyId: tokenHash,
      userId: new Types.ObjectId(),
      expiresAt: new Date(LOGIN - createdDaysAgo * DAY + 7 * DAY),
      revokedAt: null,
      createdAt: new Date(LOGIN - createdDaysAgo * DAY),
    });
    tokens.docs.push(legacy('old', 32), legacy('recent', 30));

    expect(await pass()).toBe(1);
    expect(tokens.docs.map((d) => d.tokenHash)).toEqual(['recent']);
  });
});
