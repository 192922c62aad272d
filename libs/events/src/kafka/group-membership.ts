import type { Consumer } from 'kafkajs';

export type MembershipState = 'not joined' | 'member' | 'left';

/**
 * Whether this process's Kafka consumer is a member of its group: joined
 * (kafkajs's GROUP_JOIN), or not yet, or no longer (it crashed, stopped or
 * disconnected). A connection to the broker alone says nothing about that:
 * a consumer that never joined, or left, processes nothing while the broker
 * answers every probe. Readiness reads it (HealthService).
 */
export class GroupMembership {
  private current: MembershipState = 'not joined';
  private changedAt = Date.now();
  private lastReason = 'the consumer has not joined its group yet';

  get state(): MembershipState {
    return this.current;
  }

  /** Why the consumer is not a member, and since when; null while it is one. */
  problem(): string | null {
    if (this.current === 'member') return null;
    return `${this.lastReason} (for ${Math.round((Date.now() - this.changedAt) / 1000)} s)`;
  }

  /** Follows a consumer's group events from now on. */
  track(consumer: Pick<Consumer, 'on' | 'events'>): void {
    consumer.on(consumer.events.GROUP_JOIN, () => this.set('member', ''));
    consumer.on(consumer.events.CRASH, (event) =>
      this.set(
        'left',
        `the consumer crashed: ${(event.payload as { error?: Error }).error?.message ?? 'unknown error'}`,
      ),
    );
    consumer.on(consumer.events.STOP, () => this.set('left', 'the consumer stopped'));
    consumer.on(consumer.events.DISCONNECT, () => this.set('left', 'the consumer disconnected'));
  }

  /** Back to "not joined", for a new consumer (a reconnect after Kafka was unreachable). */
  reset(reason: string): void {
    this.set('not joined', reason);
  }

  private set(state: MembershipState, reason: string): void {
    if (state === this.current && reason === this.lastReason) return;
    this.current = state;
    this.lastReason = reason;
    this.changedAt = Date.now();
  }
}

/** The one consumer of this process (a service has one consumer group). */
export const groupMembership = new GroupMembership();
