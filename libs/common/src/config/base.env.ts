import { Transform } from 'class-transformer';
import { IsIn, IsInt, IsNumber, IsOptional, IsString, Matches, Max, Min, isIP } from 'class-validator';
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

  /**
   * Partitions of each topic a consuming service creates at start-up (one
   * that exists is left as it is): at least the instances of one service
   * that should share the work.
   */
  @Transform(({ value }) => (value === undefined ? undefined : Number(value)))
  @IsInt()
  @Min(1)
  @Max(1000)
  KAFKA_PARTITIONS = 3;

  /**
   * Copies of each topic it creates; Kafka refuses more than there are
   * brokers. Unset, it follows the cluster: three copies where there are
   * three brokers or more, else one per broker.
   */
  @Transform(({ value }) => (value === undefined ? undefined : Number(value)))
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(10)
  KAFKA_REPLICATION_FACTOR?: number;

  /**
   * How often (ms) the outbox relay looks for messages that a crashed
   * process wrote and never published. Each look scans the outbox index of
   * every collection with an outbox, so not more than once a second; and at
   * least once a day.
   */
  @Transform(({ value }) => (value === undefined ? undefined : Number(value)))
  @IsInt()
  @Min(1000)
  @Max(86_400_000)
  OUTBOX_SWEEP_MS = 120_000;

  /** OpenTelemetry traces (docs/OPERATIONS.md): `off` starts no SDK and exports nothing. */
  @IsIn(['on', 'off'])
  TRACING: 'on' | 'off' = 'on';

  /** Where spans go as Zipkin JSON (npm start sets the local trace store's); unset: no Zipkin export. */
  @IsOptional()
  @Matches(/^https?:\/\/\S+$/, {
    message: 'TRACES_ZIPKIN_URL must be an http(s) URL, e.g. http://127.0.0.1:9411/api/v2/spans',
  })
  TRACES_ZIPKIN_URL?: string;

  /**
   * The share of traces recorded, from 0 to 1: a request that brings a sampled W3C traceparent is always
   * traced; of the others, this share. Unrecorded traces still give their ids to log lines.
   */
  @Transform(({ value }) => (value === undefined ? undefined : Number(value)))
  @IsNumber({ allowNaN: false, allowInfinity: false }, { message: 'TRACES_SAMPLE_RATIO must be a number from 0 to 1' })
  @Min(0)
  @Max(1)
  TRACES_SAMPLE_RATIO = 0.1;

  /** An OTLP/HTTP collector (OpenTelemetry's own variable); when set, spans also go there. */
  @IsOptional()
  @Matches(/^https?:\/\/\S+$/, { message: 'OTEL_EXPORTER_OTLP_ENDPOINT must be an http(s) URL' })
  OTEL_EXPORTER_OTLP_ENDPOINT?: string;

  /** How often a consumer tries an event before dead-lettering it (1 = no retry). */
  @Transform(({ value }) => (value === undefined ? undefined : Number(value)))
  @IsInt()
  @Min(1)
  @Max(20)
  EVENT_RETRY_ATTEMPTS = 4;

  /** The first wait between attempts, doubled after each. */
  @Transform(({ value }) => (value === undefined ? undefined : Number(value)))
  @IsInt()
  @Min(0)
  @Max(60_000)
  EVENT_RETRY_BASE_MS = 200;

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

  /**
   * The retention job (docs/OPERATIONS.md, "Retention"): `off` removes
   * nothing, for a deployment that has its own clean-up.
   */
  @IsIn(['on', 'off'])
  RETENTION: 'on' | 'off' = 'on';

  /**
   * How often (ms) the retention job passes. Each pass scans its collections
   * on FerretDB, so not more than once a second; and at least once a day.
   */
  @Transform(({ value }) => (value === undefined ? undefined : Number(value)))
  @IsInt()
  @Min(1000)
  @Max(86_400_000)
  RETENTION_INTERVAL_MS = 3_600_000;

  /** Rows one pass removes per collection at most; a full batch brings the next pass forward to catch up. */
  @Transform(({ value }) => (value === undefined ? undefined : Number(value)))
  @IsInt()
  @Min(1)
  @Max(10_000)
  RETENTION_BATCH = 1000;

  /**
   * Days a consumer remembers an event it processed. Kafka can deliver an
   * event again as long as it holds it: 7 days on its topic by default, and
   * a dead letter replayed from its `.dlq` up to 7 days later.
   */
  @Transform(({ value }) => (value === undefined ? undefined : Number(value)))
  @IsInt()
  @Min(1)
  @Max(3650)
  PROCESSED_EVENTS_RETENTION_DAYS = 14;

  /**
   * Days a published outbox message stays in its document, as long as Kafka
   * keeps the event by default; then the `outbox` field is set to null.
   */
  @Transform(({ value }) => (value === undefined ? undefined : Number(value)))
  @IsInt()
  @Min(1)
  @Max(3650)
  OUTBOX_RETENTION_DAYS = 7;

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

  /** Distinguishes several instances of one service in logs, log file names and Kafka client ids. */
  @IsOptional()
  @Matches(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, {
    message:
      'INSTANCE_ID must be 1 to 64 letters, digits, dots, dashes or underscores, starting with a letter or digit',
  })
  INSTANCE_ID?: string;

  crossCheck(): string[] {
    return [
      ...(typeof this.JWT_SECRET === 'string' ? secretProblems('JWT_SECRET', this.JWT_SECRET) : []),
      ...(this.METRICS_TOKEN !== undefined ? secretProblems('METRICS_TOKEN', this.METRICS_TOKEN) : []),
      ...(typeof this.TRUST_PROXY === 'string' && !isTrustProxy(this.TRUST_PROXY)
        ? [
            'TRUST_PROXY must be true, false, or a comma-separated list of addresses, CIDRs, loopback, linklocal or uniquelocal',
          ]
        : []),
    ];
  }
}

/** What Fastify's trustProxy (proxy-addr) accepts as a string: true, false, or addresses, CIDRs and names. */
function isTrustProxy(value: string): boolean {
  if (['', 'true', 'false'].includes(value)) return true;
  return value.split(',').every((entry) => {
    const [address, range, ...more] = entry.trim().split('/');
    if (more.length > 0) return false;
    if (range === undefined) return ['loopback', 'linklocal', 'uniquelocal'].includes(address) || isIP(address);
    return isIP(address) && (/^\d{1,3}$/.test(range) || isIP(range, '4'));
  });
}
