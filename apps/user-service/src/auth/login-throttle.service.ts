import { createHash } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { Redis } from 'ioredis';
import { Counter } from 'prom-client';
import { REDIS_CLIENT } from '@app/caching';
import { UserErrorCode, UserServiceError } from '../errors/user-service.error';
import { durationSeconds, UserEnv } from '../user.env';

const refusals = new Counter({
  name: 'login_throttled_total',
  help: 'Logins refused with 429 because their account or client had too many recent failures',
  labelNames: ['by'],
});

// One round trip: count a failure for the account and the client, each in a window that starts at its first failure.
const COUNT_FAILURE = `
for i, key in ipairs(KEYS) do
  if redis.call('INCR', key) == 1 then redis.call('PEXPIRE', key, ARGV[1]) end
end
return 1
`;

/**
 * Slows password guessing: after LOGIN_MAX_FAILURES wrong passwords for one
 * account, or LOGIN_MAX_FAILURES_PER_CLIENT from one address, within
 * LOGIN_FAILURE_WINDOW, further logins for it are refused with 429 and
 * Retry-After until the window ends, before any password is checked. The
 * counts live in Redis, so they hold across user-service instances and behind
 * any gateway. A correct password clears its account's count. While Redis is
 * unreachable the throttle lets logins through (as the gateway's rate limit
 * does), warns, and readiness shows Redis DOWN.
 */
@Injectable()
export class LoginThrottle {
  private readonly logger = new Logger(LoginThrottle.name);
  private readonly windowMs: number;
  private readonly maxPerAccount: number;
  private readonly maxPerClient: number;
  private lastWarning = 0;

  constructor(
    @Inject(REDIS_CLIENT) private readonly redis: Redis,
    config: ConfigService<UserEnv, true>,
  ) {
    this.windowMs = durationSeconds(config.get('LOGIN_FAILURE_WINDOW', { infer: true })) * 1000;
    this.maxPerAccount = config.get('LOGIN_MAX_FAILURES', { infer: true });
    this.maxPerClient = config.get('LOGIN_MAX_FAILURES_PER_CLIENT', { infer: true });
  }

  /** Throws AUTH_THROTTLED (429) with the seconds to wait when the account or the client is over its limit. */
  async check(email: string, client: string): Promise<void> {
    const [account, from] = this.keys(email, client);
    const answers = await this.redis
      .pipeline()
      .get(account)
      .pttl(account)
      .get(from)
      .pttl(from)
      .exec()
      .catch((error: Error) => this.failOpen(error));
    if (!answers) return;
    const [accountFailures, accountTtl, clientFailures, clientTtl] = answers.map(([, value]) => Number(value));
    const waits: number[] = [];
    if (accountFailures >= this.maxPerAccount) {
      refusals.inc({ by: 'account' });
      waits.push(accountTtl);
    }
    if (clientFailures >= this.maxPerClient) {
      refusals.inc({ by: 'client' });
      waits.push(clientTtl);
    }
    if (waits.length)
      throw new UserServiceError(UserErrorCode.LoginThrottled, undefined, Math.ceil(Math.max(...waits, 1000) / 1000));
  }

  async failed(email: string, client: string): Promise<void> {
    await this.redis
      .eval(COUNT_FAILURE, 2, ...this.keys(email, client), this.windowMs)
      .catch((error: Error) => this.failOpen(error));
  }

  async succeeded(email: string): Promise<void> {
    await this.redis.del(this.accountKey(email)).catch((error: Error) => this.failOpen(error));
  }

  private keys(email: string, client: string): [string, string] {
    return [this.accountKey(email), `login-failures:client:${client}`];
  }

  /** A hash of the email: Redis need not hold the emails of everyone who mistyped a password. */
  private accountKey(email: string): string {
    return `login-failures:account:${createHash('sha256').update(email.trim().toLowerCase()).digest('base64url')}`;
  }

  private failOpen(error: Error): null {
    if (Date.now() - this.lastWarning > 60_000) {
      this.lastWarning = Date.now();
      this.logger.warn(`login throttle off while Redis is unreachable: ${error.message}`);
    }
    return null;
  }
}
