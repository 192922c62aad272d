import {
  AclEntry,
  AclOperationTypes,
  AclPermissionTypes,
  AclResourceTypes,
  Admin,
  ResourcePatternTypes,
} from 'kafkajs';
import { SERVICES, SERVICE_NAMES, ServiceName } from '@app/common';
import { topicsConsumedBy, topicsProducedBy } from '../contracts/topic-flow';
import { Topic, TOPICS, allTopicNames, deadLetterTopic } from '../topics';

/** One right of one principal, in words: `order-service may write topic order-created`. */
export interface KafkaGrant {
  principal: string;
  operation: 'read' | 'write' | 'describe' | 'delete';
  resource: 'topic' | 'group';
  name: string;
  /** `prefixed`: every name that starts with `name`. */
  pattern?: 'literal' | 'prefixed';
}

/** The principal a service signs in as (KAFKA_SASL_USERNAME): its own name. */
export const principalOf = (service: ServiceName): string => `User:${service}`;

/** Groups the gateway's admin APIs make and read: one per dead-letter read, and the old replayer's. */
export const GATEWAY_GROUP_PREFIX = 'api-gateway-';
export const LEGACY_REPLAYER_GROUP = 'dlq-replayer';

/** The saga's consumer groups, whose lag order-service measures to refuse orders past capacity. */
export const SAGA_GROUPS = ['payment-service', 'inventory-service', 'order-service'] as const satisfies ServiceName[];

/**
 * What each principal may do on the platform's Kafka, drawn from TOPIC_FLOW:
 * a service writes only the topics it publishes and the dead-letter topics of
 * those it consumes, reads only what it consumes, with its own group. Nothing
 * else is allowed (the broker runs with allow.everyone.if.no.acl.found=false);
 * topics are created by an admin principal (the topics job), not by services.
 *
 * The gateway's admin APIs (the /ops console, `npm run dlq`) read every
 * dead-letter topic and consumer group's progress, and replay a letter to its
 * topic: so its principal may write every event topic. An operator's replay
 * is that right's only use; the gateway holds no other Kafka client.
 */
export function kafkaGrants(): KafkaGrant[] {
  const grants: KafkaGrant[] = [];
  const allow = (
    service: ServiceName,
    operation: KafkaGrant['operation'],
    resource: KafkaGrant['resource'],
    names: readonly string[],
    pattern: KafkaGrant['pattern'] = 'literal',
  ) => {
    for (const name of names) grants.push({ principal: principalOf(service), operation, resource, name, pattern });
  };

  for (const service of SERVICE_NAMES.filter((name) => SERVICES[name].kafka)) {
    const consumed = topicsConsumedBy(service);
    allow(service, 'write', 'topic', topicsProducedBy(service));
    allow(service, 'read', 'topic', consumed);
    allow(service, 'write', 'topic', consumed.map(deadLetterTopic));
    if (consumed.length > 0) allow(service, 'read', 'group', [service]);
  }

  // order-service's backlog measure: the saga groups' committed offsets, and the ends of their topics.
  allow('order-service', 'describe', 'group', SAGA_GROUPS);
  allow('order-service', 'describe', 'topic', [...new Set(SAGA_GROUPS.flatMap(topicsConsumedBy))]);

  const gateway = 'api-gateway';
  allow(gateway, 'read', 'topic', (Object.values(TOPICS) as Topic[]).map(deadLetterTopic));
  allow(gateway, 'write', 'topic', allTopicNames());
  allow(gateway, 'describe', 'group', [
    ...SERVICE_NAMES.filter((name) => SERVICES[name].consumesEvents),
    LEGACY_REPLAYER_GROUP,
  ]);
  allow(gateway, 'read', 'group', [GATEWAY_GROUP_PREFIX], 'prefixed');
  allow(gateway, 'delete', 'group', [GATEWAY_GROUP_PREFIX], 'prefixed');
  return grants;
}

const OPERATIONS = {
  read: AclOperationTypes.READ,
  write: AclOperationTypes.WRITE,
  describe: AclOperationTypes.DESCRIBE,
  delete: AclOperationTypes.DELETE,
} as const;

/** A grant as the broker's ACL: allowed from any host. */
export function aclEntryOf(grant: KafkaGrant): AclEntry {
  return {
    principal: grant.principal,
    host: '*',
    operation: OPERATIONS[grant.operation],
    permissionType: AclPermissionTypes.ALLOW,
    resourceType: grant.resource === 'topic' ? AclResourceTypes.TOPIC : AclResourceTypes.GROUP,
    resourceName: grant.name,
    resourcePatternType: grant.pattern === 'prefixed' ? ResourcePatternTypes.PREFIXED : ResourcePatternTypes.LITERAL,
  };
}

/** Creates every grant's ACL (one that exists already is left as it is); resolves to how many there are. */
export async function applyKafkaGrants(admin: Admin, grants = kafkaGrants()): Promise<number> {
  await admin.createAcls({ acl: grants.map(aclEntryOf) });
  return grants.length;
}
