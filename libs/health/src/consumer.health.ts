import { Injectable } from '@nestjs/common';
import { HealthIndicatorService } from '@nestjs/terminus';
import { groupMembership } from '@app/events';

/**
 * Whether this service's Kafka consumer is a member of its group. A broker
 * that answers says nothing about a consumer that never joined, or crashed
 * out: it would process nothing while `kafka` stays UP.
 */
@Injectable()
export class ConsumerHealthIndicator {
  constructor(private readonly indicators: HealthIndicatorService) {}

  check(key = 'consumer') {
    const session = this.indicators.check(key);
    const problem = groupMembership.problem();
    return problem === null
      ? session.up({ group: groupMembership.state })
      : session.down({ group: groupMembership.state, message: problem });
  }
}
