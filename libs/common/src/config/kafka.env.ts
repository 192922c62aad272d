import { Transform } from 'class-transformer';
import { IsInt, IsOptional, Matches, Max, Min } from 'class-validator';

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
}
