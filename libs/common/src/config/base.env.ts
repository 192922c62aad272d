import { Transform } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Matches, Max, Min } from 'class-validator';

export const DEV_JWT_SECRET = 'commercex-local-development-secret';

export const NODE_ENVS = ['development', 'test', 'production'] as const;
export type NodeEnv = (typeof NODE_ENVS)[number];

/**
 * Environment every service reads. Apps extend it with their own settings;
 * defaults suit a local run against the infra that `npm start` provisions.
 */
export class BaseEnv {
  @IsIn(NODE_ENVS)
  NODE_ENV: NodeEnv = 'development';

  @Transform(({ value }) => (value === undefined ? undefined : Number(value)))
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(65535)
  PORT?: number;

  @IsIn(['error', 'warn', 'info', 'debug'])
  LOG_LEVEL = 'info';

  @IsString()
  LOG_DIR = 'logs';

  @Matches(/^[^,\s]+(,[^,\s]+)*$/, {
    message: 'KAFKA_BROKERS must be a comma-separated list of host:port',
  })
  KAFKA_BROKERS = '127.0.0.1:9092';

  @Matches(/^mongodb(\+srv)?:\/\/\S+$/, {
    message: 'MONGO_URL must be a mongodb:// or mongodb+srv:// connection string',
  })
  MONGO_URL = 'mongodb://127.0.0.1:27017';

  /** Overrides the service's default database name from services.json. */
  @IsOptional()
  @IsString()
  MONGO_DB?: string;

  /** Database commands slower than this many milliseconds are logged with their filter's shape; 0 turns it off. */
  @Transform(({ value }) => (value === undefined ? undefined : Number(value)))
  @IsInt()
  @Min(0)
  MONGO_SLOW_MS = 250;

  @Matches(/^rediss?:\/\/\S+$/, {
    message: 'REDIS_URL must be a redis:// or rediss:// URL',
  })
  REDIS_URL = 'redis://127.0.0.1:6379';

  /** Secret that signs and verifies access tokens; every service verifies them itself. */
  @IsOptional()
  @IsString()
  JWT_SECRET?: string;

  /** Whom to believe in X-Forwarded-For: unset/false (nobody), true, or proxy addresses/CIDRs. */
  @IsOptional()
  @IsString()
  TRUST_PROXY?: string;

  /** Distinguishes several instances of one service in logs and client ids. */
  @IsOptional()
  @IsString()
  INSTANCE_ID?: string;

  crossCheck(): string[] {
    const problems: string[] = [];
    if (this.NODE_ENV === 'production' && !this.JWT_SECRET) {
      problems.push('JWT_SECRET is required when NODE_ENV=production (use a long random value)');
    }
    if (this.JWT_SECRET !== undefined && this.JWT_SECRET.length < 16) {
      problems.push('JWT_SECRET must be at least 16 characters');
    }
    return problems;
  }
}

/** The signing secret; the development default is refused in production by crossCheck. */
export function jwtSecret(env: Pick<BaseEnv, 'JWT_SECRET'>): string {
  return env.JWT_SECRET ?? DEV_JWT_SECRET;
}
