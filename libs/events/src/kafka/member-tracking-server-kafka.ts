import { ServerKafka } from '@nestjs/microservices';
import { groupMembership } from './group-membership';

/**
 * Nest's Kafka transport, with the consumer's group membership followed
 * from the moment the consumer exists: kafkajs announces GROUP_JOIN while
 * `listen()` is still running, so a listener added afterwards would miss it.
 */
export class MemberTrackingServerKafka extends ServerKafka {
  protected override registerConsumerEventListeners(): void {
    super.registerConsumerEventListeners();
    if (this.consumer) groupMembership.track(this.consumer);
  }
}
