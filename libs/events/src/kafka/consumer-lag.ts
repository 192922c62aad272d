import type { Admin } from 'kafkajs';

export interface PartitionLag {
  group: string;
  topic: string;
  partition: number;
  /** The group's committed offset; the partition's earliest offset when the group has committed none. */
  committed: number;
  end: number;
  lag: number;
}

/**
 * How far each group is behind, per topic and partition it has committed
 * offsets on: the messages written that the group has not yet processed.
 */
export async function consumerLag(admin: Admin, groups: readonly string[]): Promise<PartitionLag[]> {
  const ends = new Map<string, Promise<Array<{ partition: number; high: string; low: string }>>>();
  const offsetsOf = (topic: string) => {
    if (!ends.has(topic)) ends.set(topic, admin.fetchTopicOffsets(topic));
    return ends.get(topic)!;
  };

  const rows: PartitionLag[] = [];
  for (const group of groups) {
    for (const { topic, partitions } of await admin.fetchOffsets({ groupId: group })) {
      const topicOffsets = await offsetsOf(topic);
      for (const { partition, offset } of partitions) {
        const bounds = topicOffsets.find((t) => t.partition === partition);
        if (!bounds) continue;
        const end = Number(bounds.high);
        const committed = Number(offset) >= 0 ? Number(offset) : Number(bounds.low);
        rows.push({ group, topic, partition, committed, end, lag: Math.max(0, end - committed) });
      }
    }
  }
  return rows;
}
