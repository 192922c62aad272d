import { EventEmitter } from 'node:events';
import { GroupMembership } from './group-membership';

/** A kafkajs consumer as far as its instrumentation events go. */
function fakeConsumer() {
  const emitter = new EventEmitter();
  const events = {
    GROUP_JOIN: 'consumer.group_join',
    CRASH: 'consumer.crash',
    STOP: 'consumer.stop',
    DISCONNECT: 'consumer.disconnect',
  };
  return {
    events,
    on: (event: string, listener: (e: { payload: unknown }) => void) => {
      emitter.on(event, listener);
      return () => emitter.off(event, listener);
    },
    emit: (event: string, payload: unknown = {}) => emitter.emit(event, { payload }),
  };
}

describe(GroupMembership.name, () => {
  it('is not a member until the group is joined, then is one', () => {
    const membership = new GroupMembership();
    const consumer = fakeConsumer();
    membership.track(consumer as never);

    expect(membership.state).toBe('not joined');
    expect(membership.problem()).toMatch(/has not joined its group yet/);

    consumer.emit(consumer.events.GROUP_JOIN);
    expect(membership.state).toBe('member');
    expect(membership.problem()).toBeNull();
  });

  it('says so when the consumer crashes, stops or disconnects, and is a member again on the next join', () => {
    const membership = new GroupMembership();
    const consumer = fakeConsumer();
    membership.track(consumer as never);
    consumer.emit(consumer.events.GROUP_JOIN);

    consumer.emit(consumer.events.CRASH, { error: new Error('The coordinator is not aware of this member') });
    expect(membership.problem()).toMatch(/crashed: The coordinator is not aware of this member/);
    consumer.emit(consumer.events.GROUP_JOIN);
    expect(membership.state).toBe('member');

    consumer.emit(consumer.events.STOP);
    expect(membership.problem()).toMatch(/stopped/);
    consumer.emit(consumer.events.DISCONNECT);
    expect(membership.problem()).toMatch(/disconnected/);
  });
});
