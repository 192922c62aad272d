import { setTimeout as sleep } from 'node:timers/promises';
import { Admin, ConfigResourceTypes } from 'kafkajs';
import { TOPICS, allTopicNames } from '@app/events';
import { Session, admin as adminSession, customer } from './support/accounts';
import {
  PartitionState,
  clusterAdmin,
  localBrokers,
  longestGap,
  partitionStates,
  runningClusterSize,
} from './support/cluster';
import { eventually } from './support/eventually';
import { infra, killHard, startStack, stopServices } from './support/faults';
import { stockOf, stockedProduct } from './support/shop';
import { SteadyFlow } from './support/steady-flow';
import { OrderRef, tally } from './support/tally';

// SPEC §11: a three-broker Kafka (KRaft), topics with three copies and min.insync.replicas=2, producers
// with acks=all, loses one broker mid-flow and loses and doubles nothing. The last suite of all
// (test/setup/sequencer.js): it restarts the shared stack's services on a cluster of its own
// (.infra/kafka/cluster-3, ports 9092-9097) in place of the single broker. A stack the tests started is
// left so for global teardown, which stops every node; a stack that ran before is put back as it was.
const BROKERS = 3;
const STOCK = 100_000;
/** Well under the flow's capacity (docs/PERFORMANCE.md: 9-14 confirmed/s): a stall is the broker's, not a backlog's. */
const ORDERS_PER_SECOND = 2;
const BEFORE_MS = 10_000;
const DOWN_MS = 20_000;
const AFTER_MS = 10_000;
const TOPIC_NAMES = allTopicNames();
/**
 * A ceiling, not a measurement: the flow, a restart that recovers every log
 * (a minute and more on a busy machine) and the drain after it.
 */
const SCENARIO_TIMEOUT_MS = 900_000;

const seconds = (ms: number) => Math.round(ms / 100) / 10;

describe('a replicated Kafka losing a broker', () => {
  let switched = false;
  const countBefore = process.env.KAFKA_BROKER_COUNT;
  let kafka: Admin;
  let admin: Session;
  let customers: Session[];

  beforeAll(async () => {
    if (process.env.KAFKA_BROKERS)
      throw new Error(
        `this scenario kills a broker of the local three-broker Kafka; with KAFKA_BROKERS=${process.env.KAFKA_BROKERS} there is none (unset it to run the suite)`,
      );
    // Sessions first, from the warm stack (signing in hashes a password, slow on a freshly started
    // user-service on a busy machine); tokens outlive the restart, the secret being the same.
    admin = await adminSession();
    customers = [];
    for (let i = 0; i < 5; i++) customers.push(await customer());
    if ((await runningClusterSize()) !== BROKERS) {
      // The services first, so that none sees its broker vanish; then the single broker, then the cluster.
      await stopServices();
      await infra('kafka', 'stop');
      switched = true;
    }
    // Also for `infra('kafka', 'start')` below: the node brought back joins the same cluster.
    process.env.KAFKA_BROKER_COUNT = String(BROKERS);
    await startStack();
    kafka = clusterAdmin(await localBrokers(BROKERS));
    await kafka.connect();
  });

  afterAll(async () => {
    await kafka?.disconnect();
    if (countBefore === undefined) delete process.env.KAFKA_BROKER_COUNT;
    else process.env.KAFKA_BROKER_COUNT = countBefore;
    const leftForTeardown = process.env.E2E_STACK_REUSED !== '1' && process.env.E2E_KEEP_STACK !== '1';
    if (!switched || leftForTeardown) return;
    await stopServices();
    await infra('kafka', 'stop');
    await startStack();
  });

  it('places every topic on three brokers, two of which must have each write', async () => {
    const partitions = await partitionStates(kafka, TOPIC_NAMES);
    expect(partitions.filter((p) => p.replicas.length !== BROKERS || p.isr.length !== BROKERS)).toEqual([]);

    const { resources } = await kafka.describeConfigs({
      includeSynonyms: false,
      resources: TOPIC_NAMES.map((name) => ({
        type: ConfigResourceTypes.TOPIC,
        name,
        configNames: ['min.insync.replicas'],
      })),
    });
    for (const { resourceName, configEntries } of resources) {
      expect({ topic: resourceName, minInsync: configEntries[0]?.configValue }).toEqual({
        topic: resourceName,
        minInsync: '2',
      });
    }
  });

  it(
    `broker loss: kill -9 the leader of order-created/0 while ${ORDERS_PER_SECOND} orders/s flow, keep ordering, bring it back: every order settles once, stock exact`,
    async () => {
      const product = await stockedProduct(admin, 2, STOCK);
      const before = await partitionStates(kafka, TOPIC_NAMES);
      const victim = before.find((p) => p.topic === TOPICS.ORDER_CREATED && p.partition === 0)!.leader;
      const led = before.filter((p) => p.leader === victim);
      const moved = (now: PartitionState[]) =>
        led.every((old) => {
          const p = now.find((n) => n.topic === old.topic && n.partition === old.partition);
          return p !== undefined && p.leader >= 0 && p.leader !== victim;
        });

      const flow = new SteadyFlow(product, customers, ORDERS_PER_SECOND).start();
      const at = { flowStarted: Date.now(), killed: 0, leadersMoved: 0, restarted: 0, back: 0, inSync: 0 };
      let orders: OrderRef[];
      try {
        await sleep(BEFORE_MS);

        killHard(`kafka-${victim}`);
        at.killed = Date.now();
        await eventually(
          () => partitionStates(kafka, TOPIC_NAMES).catch(() => []),
          (now) => now.length > 0 && moved(now),
          {
            what: `new leaders for the ${led.length} partitions broker ${victim} led`,
            timeoutMs: 120_000,
            intervalMs: 250,
          },
        );
        at.leadersMoved = Date.now();
        await sleep(Math.max(0, at.killed + DOWN_MS - Date.now()));

        at.restarted = Date.now();
        await infra('kafka', 'start');
        at.back = Date.now();
        await eventually(
          () => partitionStates(kafka, TOPIC_NAMES).catch(() => []),
          (now) => now.length === before.length && now.every((p) => p.isr.length === BROKERS),
          { what: `broker ${victim} back in sync on every partition`, timeoutMs: 120_000, intervalMs: 500 },
        );
        at.inSync = Date.now();
        await sleep(AFTER_MS);

        orders = await flow.stopPlacing();
        await flow.stopWatching(180_000);
      } catch (error) {
        await flow.halt();
        throw error;
      }
      const times = flow.settleTimes();
      const measured = {
        refused: flow.refused.length,
        victim,
        partitionsLed: led.length,
        leadersMovedS: seconds(at.leadersMoved - at.killed),
        stallBeforeS: seconds(longestGap(times, at.flowStarted + 2_000, at.killed)),
        // From the kill to the last order: the longest time with orders waiting and none settling.
        stallS: seconds(longestGap(times, at.killed, Math.max(...times))),
        brokerBackS: seconds(at.back - at.restarted),
        inSyncS: seconds(at.inSync - at.restarted),
      };
      const result = await tally(
        `broker loss (3 brokers): kill -9 broker ${victim}, leader of ${led.length} partitions, at ${ORDERS_PER_SECOND} orders/s ` +
          `(${flow.refused.length} refused with 503 past the client's patience); ` +
          `leaders moved in ${measured.leadersMovedS} s; longest time no order settled: ${measured.stallS} s after the kill, ` +
          `${measured.stallBeforeS} s before it; brought back ${DOWN_MS / 1000} s after the kill, up in ${measured.brokerBackS} s, ` +
          `in sync in ${measured.inSyncS} s`,
        orders,
        180_000,
        measured,
      );
      console.log(JSON.stringify({ ...result, ...measured }));

      // While the saga is stalled, admission control may refuse new orders (503 with Retry-After) past a
      // polite client's patience: refused, so not placed, and counted in the row. Nothing else may go wrong.
      expect(flow.refused.filter((answer) => !answer.startsWith('503 '))).toEqual([]);
      expect(result).toMatchObject({ placed: orders.length, confirmed: orders.length, lost: 0, doubled: 0 });
      expect(await stockOf(product)).toBe(STOCK - orders.length);
    },
    SCENARIO_TIMEOUT_MS,
  );
});
