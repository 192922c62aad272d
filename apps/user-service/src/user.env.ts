import { Transform } from 'class-transformer';
import { IsEmail, IsInt, IsOptional, IsString, Matches, Max, Min } from 'class-validator';
import { BaseEnv } from '@app/common';
import { passwordProblem } from './auth/dto/password-policy';

/** The local admin account; outside production it exists without any setup. */
export const DEV_ADMIN_EMAIL = 'admin@commercex.local';
export const DEV_ADMIN_PASSWORD = 'Admin123!';
/** The name the admin account is made with. */
export const ADMIN_NAME = 'Administrator';

const DURATION = /^[1-9]\d*[smhd]?$/;
const UNIT_SECONDS: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86_400 };
const durationMessage = (name: string) => `${name} must be a duration such as 900, 900s, 15m, 12h or 7d`;

/** user-service settings: token lifetimes and retention, the login throttle and the bootstrap admin account. */
export class UserEnv extends BaseEnv {
  @Matches(DURATION, { message: durationMessage('ACCESS_TOKEN_TTL') })
  ACCESS_TOKEN_TTL = '15m';

  @Matches(DURATION, { message: durationMessage('REFRESH_TOKEN_TTL') })
  REFRESH_TOKEN_TTL = '7d';

  /** How long one login's session lasts at most, however often it is refreshed; then the user logs in again. */
  @Matches(DURATION, { message: durationMessage('REFRESH_SESSION_MAX_AGE') })
  REFRESH_SESSION_MAX_AGE = '30d';

  /**
   * Days a login's refresh tokens are kept once its session has ended
   * (REFRESH_SESSION_MAX_AGE after the login); then the retention job
   * removes them. 0 removes them as soon as the session ends.
   */
  @Transform(({ value }) => (value === undefined ? undefined : Number(value)))
  @IsInt()
  @Min(0)
  @Max(3650)
  REFRESH_TOKEN_RETENTION_DAYS = 1;

  /** Failed logins for one account within LOGIN_FAILURE_WINDOW, after which its logins get 429 until the window ends. */
  @Transform(({ value }) => (value === undefined ? undefined : Number(value)))
  @IsInt()
  @Min(1)
  LOGIN_MAX_FAILURES = 10;

  /** Failed logins from one client address within the window (any accounts), after which its logins get 429. */
  @Transform(({ value }) => (value === undefined ? undefined : Number(value)))
  @IsInt()
  @Min(1)
  LOGIN_MAX_FAILURES_PER_CLIENT = 100;

  @Matches(DURATION, { message: durationMessage('LOGIN_FAILURE_WINDOW') })
  LOGIN_FAILURE_WINDOW = '15m';

  @IsOptional()
  @IsEmail({}, { message: 'ADMIN_EMAIL must be an email address' })
  ADMIN_EMAIL?: string;

  /**
   * Held, in every environment, to the policy of a registered password (length and guessability, with
   * the admin's email and name known to the attacker); the development default, used when it is unset
   * outside production, fails it.
   */
  @IsOptional()
  @IsString()
  ADMIN_PASSWORD?: string;

  override crossCheck(): string[] {
    const problems = super.crossCheck();
    if (this.NODE_ENV === 'production' && (!this.ADMIN_EMAIL || !this.ADMIN_PASSWORD)) {
      problems.push(
        'ADMIN_EMAIL and ADMIN_PASSWORD are required when NODE_ENV=production (the admin account made at start-up)',
      );
    }
    if (typeof this.ADMIN_PASSWORD === 'string') {
      const account = { email: this.ADMIN_EMAIL ?? DEV_ADMIN_EMAIL, name: ADMIN_NAME };
      const problem = passwordProblem('ADMIN_PASSWORD', this.ADMIN_PASSWORD, account);
      if (problem) problems.push(problem);
    }
    if (
      DURATION.test(this.ACCESS_TOKEN_TTL) &&
      DURATION.test(this.REFRESH_TOKEN_TTL) &&
      durationSeconds(this.ACCESS_TOKEN_TTL) >= durationSeconds(this.REFRESH_TOKEN_TTL)
    ) {
      problems.push('ACCESS_TOKEN_TTL must be shorter than REFRESH_TOKEN_TTL');
    }
    if (
      DURATION.test(this.REFRESH_TOKEN_TTL) &&
      DURATION.test(this.REFRESH_SESSION_MAX_AGE) &&
      durationSeconds(this.REFRESH_TOKEN_TTL) > durationSeconds(this.REFRESH_SESSION_MAX_AGE)
    ) {
      problems.push('REFRESH_TOKEN_TTL must not be longer than REFRESH_SESSION_MAX_AGE');
    }
    return problems;
  }
}

/** Seconds in a duration already validated by UserEnv ("900", "900s", "15m", "12h", "7d"). */
export function durationSeconds(value: string): number {
  const unit = /[smhd]$/.test(value) ? value.slice(-1) : 's';
  return Number.parseInt(value, 10) * UNIT_SECONDS[unit];
}

export interface AdminAccount {
  email: string;
  password: string;
}

/** The configured admin, or the development defaults (crossCheck refuses those in production). */
export function adminAccount(env: Pick<UserEnv, 'ADMIN_EMAIL' | 'ADMIN_PASSWORD'>): AdminAccount {
  return {
    email: (env.ADMIN_EMAIL ?? DEV_ADMIN_EMAIL).trim().toLowerCase(),
    password: env.ADMIN_PASSWORD ?? DEV_ADMIN_PASSWORD,
  };
}
