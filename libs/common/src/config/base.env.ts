import { Transform } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Matches, Max, Min } from 'class-validator';
import { secretProblems } from './secret-strength';

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

  /**
   * The address to listen on: loopback unless told otherwise, so that a
   * service is not reachable from the network by accident. Containers set
   * `0.0.0.0` and publish only the gateway (docker-compose.yml).
   */
  @Matches(/^[\w.:-]+$/, { message: 'HOST must be an address or host name to listen on, e.g. 127.0.0.1 or 0.0.0.0' })
  HOST = '127.0.0.1';

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

  /**
   * Secret that signs and verifies access tokens; every service verifies them
   * itself. There is no default: `npm start` makes one per checkout
   * (`.infra/secrets/jwt-secret`), and a deployment sets its own.
   */
  @IsString({
    message:
      'JWT_SECRET is missing: `npm start` and `npm run service` make one per checkout in .infra/secrets/jwt-secret; elsewhere set it to a long random value (e.g. `openssl rand -base64 32`)',
  })
  JWT_SECRET!: string;

  /** Whom to believe in X-Forwarded-For: false (nobody), true, proxy addresses/CIDRs, or `loopback`; the default is per service (bootstrap-service.ts). */
  @IsOptional()
  @IsString()
  TRUST_PROXY?: string;

  /**
   * Lets a caller that is not on loopback read /metrics and the gateway's
   * detailed /health, with `Authorization: Bearer <METRICS_TOKEN>` (a
   * Prometheus elsewhere in the cluster). Unset: loopback only.
   */
  @IsOptional()
  @IsString()
  METRICS_TOKEN?: string;

  /** Distinguishes several instances of one service in logs and client ids. */
  @IsOptional()
  @IsString()
  INSTANCE_ID?: string;

  crossCheck(): string[] {
    return [
      ...(typeof this.JWT_SECRET === 'string' ? secretProblems('JWT_SECRET', this.JWT_SECRET) : []),
      ...(this.METRICS_TOKEN !== undefined ? secretProblems('METRICS_TOKEN', this.METRICS_TOKEN) : []),
    ];
  }
}
