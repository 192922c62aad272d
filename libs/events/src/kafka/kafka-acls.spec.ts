import { AclOperationTypes, AclPermissionTypes, AclResourceTypes, ResourcePatternTypes } from 'kafkajs';
import { SERVICES, SERVICE_NAMES } from '@app/common';
import { TOPIC_FLOW, topicsUsedBy } from '../contracts/topic-flow';
import { TOPICS, Topic, allTopicNames, deadLetterTopic } from '../topics';
import { KafkaGrant, aclEntryOf, kafkaGrants } from './kafka-acls';

const grants = kafkaGrants();
const may = (service: string, operation: KafkaGrant['operation'], resource: KafkaGrant['resource'], name: string) =>
  grants.some(
    (g) =>
      g.principal === `User:${service}` &&
      g.operation === operation &&
      g.resource === resource &&
      (g.pattern === 'prefixed' ? name.startsWith(g.name) : g.name === name),
  );

describe('kafkaGrants', () => {
  it('lets each topic be written by its one producer and by no other service', () => {
    for (const [topic, flow] of Object.entries(TOPIC_FLOW)) {
      const writers = grants
        .filter((g) => g.operation === 'write' && g.name === topic && g.principal !== 'User:api-gateway')
        .map((g) => g.principal);
      expect({ topic, writers }).toEqual({ topic, writers: [`User:${flow.producer}`] });
    }
    expect(may('order-service', 'write', 'topic', TOPICS.PAYMENT_COMPLETED)).toBe(false);
    expect(may('payment-service', 'write', 'topic', TOPICS.PAYMENT_COMPLETED)).toBe(true);
  });

  it('lets a service read only what it consumes, in its own group, and dead-letter it', () => {
    expect(may('notification-service', 'read', 'topic', TOPICS.PAYMENT_COMPLETED)).toBe(true);
    expect(may('notification-service', 'write', 'topic', deadLetterTopic(TOPICS.PAYMENT_COMPLETED))).toBe(true);
    expect(may('notification-service', 'read', 'topic', TOPICS.ORDER_CREATED)).toBe(false);
    expect(may('notification-service', 'read', 'group', 'notification-service')).toBe(true);
    expect(may('notification-service', 'read', 'group', 'payment-service')).toBe(false);
    expect(may('notification-service', 'write', 'topic', TOPICS.ORDER_CONFIRMED)).toBe(false);
  });

  it("covers every topic a service's consumer ensures, and nothing for user-service, which has no Kafka", () => {
    for (const service of SERVICE_NAMES.filter((name) => SERVICES[name].kafka)) {
      for (const topic of topicsUsedBy(service))
        expect({
          service,
          topic,
          usable: may(service, 'read', 'topic', topic) || may(service, 'write', 'topic', topic),
        }).toEqual({
          service,
          topic,
          usable: true,
        });
    }
    expect(grants.filter((g) => g.principal === 'User:user-service')).toEqual([]);
  });

  it("gives the gateway's admin APIs the dead letters, the groups' progress, and replay to every topic", () => {
    for (const topic of Object.values(TOPICS) as Topic[])
      expect(may('api-gateway', 'read', 'topic', deadLetterTopic(topic))).toBe(true);
    for (const topic of allTopicNames()) expect(may('api-gateway', 'write', 'topic', topic)).toBe(true);
    expect(may('api-gateway', 'read', 'topic', TOPICS.PAYMENT_COMPLETED)).toBe(false);
    expect(may('api-gateway', 'describe', 'group', 'order-service')).toBe(true);
    expect(may('api-gateway', 'read', 'group', 'api-gateway-dlq-reader-123')).toBe(true);
    expect(may('api-gateway', 'read', 'group', 'order-service')).toBe(false);
  });

  it('turns a grant into an allowing ACL from any host', () => {
    expect(
      aclEntryOf({ principal: 'User:a', operation: 'read', resource: 'group', name: 'p-', pattern: 'prefixed' }),
    ).toEqual({
      principal: 'User:a',
      host: '*',
      operation: AclOperationTypes.READ,
      permissionType: AclPermissionTypes.ALLOW,
      resourceType: AclResourceTypes.GROUP,
      resourceName: 'p-',
      resourcePatternType: ResourcePatternTypes.PREFIXED,
    });
  });
});
