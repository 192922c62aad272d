import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsNotEmpty, IsOptional, Matches, Max, Min, ValidateIf } from 'class-validator';

export const KAFKA_SASL_MECHANISMS = ['scram-sha-256', 'scram-sha-512', 'plain'] as const;
export type KafkaSaslMechanism = (typeof KAFKA_SASL_MECHANISMS)[number];

/**
 * Where Kafka is and how the platform's topics are made: every service reads
 * it (through BaseEnv), and so does the topics job (apps/kafka-topics), which
 * needs nothing else.
 */
export class KafkaEnv {
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
   * How this process signs in to Kafka. Unset, it connects without SASL (a
   * cluster with no authentication); set, KAFKA_SASL_USERNAME and
   * KAFKA_SASL_PASSWORD are its principal's credentials. The local stack runs
   * its broker with SCRAM-SHA-256 and gives each service its own principal.
   */
  @ValidateIf(
    (env: KafkaEnv) =>
      env.KAFKA_SASL_MECHANISM !== undefined ||
      env.KAFKA_SASL_USERNAME !== undefined ||
      env.KAFKA_SASL_PASSWORD !== undefined,
  )
  @IsIn(KAFKA_SASL_MECHANISMS, {
    message: `KAFKA_SASL_MECHANISM must be one of ${KAFKA_SASL_MECHANISMS.join(', ')} (needed when KAFKA_SASL_USERNAME or KAFKA_SASL_PASSWORD is set)`,
  })
  KAFKA_SASL_MECHANISM?: KafkaSaslMechanism;

  @ValidateIf((env: KafkaEnv) => env.KAFKA_SASL_MECHANISM !== undefined || env.KAFKA_SASL_USERNAME !== undefined)
  @IsNotEmpty({ message: 'KAFKA_SASL_USERNAME is required with KAFKA_SASL_MECHANISM' })
  KAFKA_SASL_USERNAME?: string;

  @ValidateIf((env: KafkaEnv) => env.KAFKA_SASL_MECHANISM !== undefined || env.KAFKA_SASL_PASSWORD !== undefined)
  @IsNotEmpty({ message: 'KAFKA_SASL_PASSWORD is required with KAFKA_SASL_MECHANISM' })
  KAFKA_SASL_PASSWORD?: string;

  /** TLS to the brokers (SASL_SSL), as a production cluster should have; the local broker speaks plaintext. */
  @Transform(({ value }) => (value === undefined ? undefined : value === true || value === 'true'))
  @IsOptional()
  @IsBoolean()
  KAFKA_TLS?: boolean;
}
