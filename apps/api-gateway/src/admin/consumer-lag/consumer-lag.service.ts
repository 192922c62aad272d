import { Injectable } from '@nestjs/common';
import { SERVICES, SERVICE_NAMES } from '@app/common';
import { PartitionLag, consumerLag } from '@app/events';
import { AdminKafka } from '../admin-kafka';

/** The platform's consumer groups: one per service that consumes events, named after it. */
export const CONSUMER_GROUPS = SERVICE_NAMES.filter((name) => SERVICES[name].consumesEvents);

export interface GroupLag {
  group: string;
  /** Messages written that the group has not processed yet, over all its partitions. */
  lag: number;
  partitions: Omit<PartitionLag, 'group'>[];
}

/** How far behind each consumer group is: its committed offsets against each partition's high watermark. */
@Injectable()
export class ConsumerLagService {
  constructor(private readonly kafka: AdminKafka) {}

  async lag(): Promise<{ measuredAt: string; groups: GroupLag[] }> {
    const rows = await this.kafka.withAdmin((admin) => consumerLag(admin, CONSUMER_GROUPS));
    const groups = CONSUMER_GROUPS.map((group) => {
      const partitions = rows
        .filter((r) => r.group === group)
        .map(({ group: _group, ...row }) => row)
        .sort((a, b) => a.topic.localeCompare(b.topic) || a.partition - b.partition);
      return { group, lag: partitions.reduce((sum, p) => sum + p.lag, 0), partitions };
    });
    return { measuredAt: new Date().toISOString(), groups };
  }
}
