import { randomUUID } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { isAbsolute, join } from 'node:path';
import { Producer } from 'kafkajs';
import { Role } from '@app/auth';
import { CORRELATION_ID_HEADER } from '@app/common';
import { EventMap, TOPICS } from '@app/events';
import {
  objectId,
  orderCancelledEvent,
  orderConfirmedEvent,
  orderCreatedEvent,
  orderLine,
  OrderRef,
  orderRef,
} from '@app/testing';
import { productInput } from './factories/product.factory';
import { eventually } from './support/eventually';
import { http } from './support/http';
import { SeenMessage, TopicWatcher, kafkaClient } from './support/kafka';
import { ROOT } from './support/processes';
import { GATEWAY, serviceUrl } from './support/stack';
import { accessToken } from './support/tokens';

const PAYMENTS = `${serviceUrl('payment-service')}/payments`;
const NOTIFICATIONS = `${serviceUrl('notification-service')}/notifications`;
const DECLINE_OVER = Number(process.env.PAYMENT_DECLINE_OVER ?? 10_000);
const MAIL_DIR = ((dir) => (isAbsolute(dir) ? dir : join(ROOT, dir)))(process.env.MAIL_DIR ?? '.infra/mail');
const OUTGOING = [TOPICS.PAYMENT_COMPLETED, TOPICS.PAYMENT_FAILED, TOPICS.PAYMENT_REFUNDED];

/** What the tests publish in place of order-service and inventory-service. */
type IncomingTopic =
  | typeof TOPICS.ORDER_CREATED
  | typeof TOPICS.INVENTORY_FAILED
  | typeof TOPICS.ORDER_CONFIRMED
  | typeof TOPICS.ORDER_CANCELLED;

const kafka = kafkaClient(`e2e-payment-notification-${randomUUID()}`);

describe('payment-service and notification-service in the order saga', () => {
  const admin = kafka.admin();
  const producer: Producer = kafka.producer({ allowAutoTopicCreation: false });
  let watcher: TopicWatcher;
  const adminToken = accessToken(Role.Admin);

  /** Publishes as a service would: JSON value, key = order id, correlation id header; resolves to where it landed. */
  async function publish<T extends IncomingTopic>(topic: T, event: EventMap[T], correlationId = randomUUID()) {
    const [meta] = await producer.send({
      topic,
      messages: [
        { key: event.orderId, value: JSON.stringify(event), headers: { [CORRELATION_ID_HEADER]: correlationId } },
      ],
    });
    return { topic, partition: meta.partition, offset: meta.baseOffset! };
  }

  /** payment-service's events about one order, as published (JSON value parsed). */
  function outgoing(topic: string, orderId: string): Array<SeenMessage & { event: Record<string, any> }> {
    return watcher.seen
      .filter((m) => m.topic === topic && m.key === orderId)
      .map((m) => ({ ...m, event: JSON.parse(m.value) }));
  }

  async function published(topic: string, orderId: string) {
    await watcher.waitFor((m) => m.topic === topic && m.key === orderId, { what: `${topic} for order ${orderId}` });
    return outgoing(topic, orderId);
  }

  /** Waits until a service's consumer group has committed past a message: it has finished with it. */
  async function consumedBy(groupId: string, at: { topic: string; partition: number; offset: string }) {
    await eventually(
      async () => {
        const [topic] = await admin.fetchOffsets({ groupId, topics: [at.topic] });
        return topic.partitions.find((p) => p.partition === at.partition)?.offset ?? '-1';
      },
      (committed) => BigInt(committed) > BigInt(at.offset),
      { what: `${groupId} to consume ${at.topic}[${at.partition}]@${at.offset}` },
    );
  }

  const paymentsOf = async (ref: OrderRef, token = accessToken(Role.Customer, ref.userId)) =>
    (await http('GET', `${PAYMENTS}?orderId=${ref.orderId}`, { token })).body as Array<Record<string, any>>;

  const notificationsOf = async (ref: OrderRef, token = accessToken(Role.Customer, ref.userId)) =>
    (await http('GET', `${NOTIFICATIONS}?orderId=${ref.orderId}`, { token })).body as Array<Record<string, any>>;

  function paymentSettled(ref: OrderRef, status: string) {
    return eventually(
      () => paymentsOf(ref),
      (list) => list.length === 1 && list[0].status === status,
      { what: `a ${status} payment for order ${ref.orderId}` },
    ).then(([payment]) => payment);
  }

  function notified(ref: OrderRef, type: string) {
    return eventually(
      () => notificationsOf(ref),
      (list) => list.some((n) => n.type === type && n.status === 'SENT'),
      { what: `a ${type} email for order ${ref.orderId}` },
    ).then((list) => list.filter((n) => n.type === type));
  }

  /** The .eml files written for one order and event type, quoted-printable soft line breaks and escapes undone. */
  async function emails(ref: OrderRef, type: string): Promise<string[]> {
    const names = (await readdir(MAIL_DIR).catch(() => [] as string[])).filter(
      (f) => f.startsWith(`${ref.orderId}.${type}.`) && f.endsWith('.eml'),
    );
    const files = await Promise.all(names.map((f) => readFile(join(MAIL_DIR, f), 'utf8')));
    return files.map((eml) =>
      eml.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16))),
    );
  }

  /** Products with stock, so inventory reserves a charged order and the payment stays SUCCESS. */
  async function stockedLines(count: number) {
    const lines = [];
    for (let i = 0; i < count; i++) {
      const created = await http('POST', `${serviceUrl('product-service')}/products`, {
        token: adminToken,
        body: productInput({ price: 10 + i, stock: 100 }),
      });
      expect(created.status).toBe(201);
      await eventually(
        () => http('GET', `${serviceUrl('inventory-service')}/inventory/${created.body._id}`),
        (res) => res.status === 200,
        { what: 'inventory to open stock' },
      );
      lines.push(orderLine({ productId: created.body._id, quantity: 2, unitPrice: created.body.price }));
    }
    return lines;
  }

  beforeAll(async () => {
    await Promise.all([admin.connect(), producer.connect()]);
    watcher = await TopicWatcher.start(OUTGOING);
  });

  afterAll(async () => {
    await watcher.stop();
    await Promise.all([admin.disconnect(), producer.disconnect()]);
  });

  it('charges a new order its total: one SUCCESS payment, payment-completed published, the customer emailed', async () => {
    const ref = orderRef();
    const order = orderCreatedEvent(ref, { items: await stockedLines(2) });
    const correlationId = randomUUID();

    await publish(TOPICS.ORDER_CREATED, order, correlationId);

    const payment = await paymentSettled(ref, 'SUCCESS');
    expect(payment).toEqual({
      _id: expect.stringMatching(/^[0-9a-f]{24}$/),
      orderId: ref.orderId,
      userId: ref.userId,
      amount: order.totalAmount,
      status: 'SUCCESS',
      processedAt: expect.any(String),
    });
    const [completed] = await published(TOPICS.PAYMENT_COMPLETED, ref.orderId);
    expect(completed.event).toMatchObject({
      orderId: ref.orderId,
      paymentId: payment._id,
      status: 'SUCCESS',
      amount: order.totalAmount,
      userId: ref.userId,
      userEmail: ref.userEmail,
      items: order.items,
      version: 1,
    });
    expect(completed.headers[CORRELATION_ID_HEADER]).toBe(correlationId);
    expect(outgoing(TOPICS.PAYMENT_FAILED, ref.orderId)).toEqual([]);

    const [email] = await notified(ref, TOPICS.PAYMENT_COMPLETED);
    expect(email).toMatchObject({ to: ref.userEmail, subject: `Payment received for order ${ref.orderId}` });
    const [eml] = await emails(ref, TOPICS.PAYMENT_COMPLETED);
    expect(eml).toMatch(new RegExp(`^To: ${ref.userEmail}$`, 'm'));
    expect(eml).toContain(`payment of ${order.totalAmount.toFixed(2)} for order ${ref.orderId}`);
  });

  it('declines a total over the limit: FAILED with the reason, payment-failed published, a decline email', async () => {
    const ref = orderRef();
    const order = orderCreatedEvent(ref, { items: [orderLine({ quantity: 1, unitPrice: DECLINE_OVER + 0.01 })] });

    await publish(TOPICS.ORDER_CREATED, order);

    const payment = await paymentSettled(ref, 'FAILED');
    expect(payment).toMatchObject({ amount: order.totalAmount, reason: expect.stringMatching(/over the limit/) });
    const [failed] = await published(TOPICS.PAYMENT_FAILED, ref.orderId);
    expect(failed.event).toMatchObject({ paymentId: payment._id, amount: order.totalAmount, reason: payment.reason });
    expect(outgoing(TOPICS.PAYMENT_COMPLETED, ref.orderId)).toEqual([]);

    const [email] = await notified(ref, TOPICS.PAYMENT_FAILED);
    expect(email.subject).toBe(`Payment declined for order ${ref.orderId}`);
    expect(await emails(ref, TOPICS.PAYMENT_FAILED)).toHaveLength(1);
  });

  it('refunds once when order-service says a refund is due: REFUNDED, one payment-refunded, one refund email, however often it is told', async () => {
    const ref = orderRef();
    const order = orderCreatedEvent(ref);
    await publish(TOPICS.ORDER_CREATED, order);
    const charged = await eventually(
      () => paymentsOf(ref),
      (list) => list.length === 1,
    );

    // order-cancelled may be published again for one order (a late charge); any number of them makes one refund.
    const cancelled = orderCancelledEvent(ref, { refundDue: true, releaseStock: false });
    await publish(TOPICS.ORDER_CANCELLED, cancelled);
    await publish(TOPICS.ORDER_CANCELLED, cancelled);
    const last = await publish(
      TOPICS.ORDER_CANCELLED,
      orderCancelledEvent(ref, { refundDue: true, releaseStock: false }),
    );

    const payment = await paymentSettled(ref, 'REFUNDED');
    expect(payment).toMatchObject({ _id: charged[0]._id, amount: order.totalAmount, refundedAt: expect.any(String) });
    await consumedBy('payment-service', last);
    const [refunded] = await published(TOPICS.PAYMENT_REFUNDED, ref.orderId);
    expect(refunded.event).toMatchObject({
      paymentId: payment._id,
      amount: order.totalAmount,
      userEmail: ref.userEmail,
    });
    // Re-deliveries by the relay would repeat the same event id; a second refund would have a new one.
    expect(new Set(outgoing(TOPICS.PAYMENT_REFUNDED, ref.orderId).map((m) => m.event.eventId)).size).toBe(1);

    await notified(ref, TOPICS.PAYMENT_REFUNDED);
    expect(await emails(ref, TOPICS.PAYMENT_REFUNDED)).toHaveLength(1);
  });

  it('charges once when order-created is redelivered, or sent again with a new eventId', async () => {
    const ref = orderRef();
    const order = orderCreatedEvent(ref, { items: await stockedLines(1) });

    await publish(TOPICS.ORDER_CREATED, order);
    await publish(TOPICS.ORDER_CREATED, order);
    // The same order again, as a new event (a new eventId): still the same order to charge.
    const last = await publish(TOPICS.ORDER_CREATED, orderCreatedEvent(ref, { items: order.items }));
    await consumedBy('payment-service', last);

    const payments = await paymentsOf(ref, adminToken);
    expect(payments).toHaveLength(1);
    expect(payments[0]).toMatchObject({ status: 'SUCCESS', amount: order.totalAmount });
    await published(TOPICS.PAYMENT_COMPLETED, ref.orderId);
    expect(new Set(outgoing(TOPICS.PAYMENT_COMPLETED, ref.orderId).map((m) => m.event.eventId)).size).toBe(1);
    await notified(ref, TOPICS.PAYMENT_COMPLETED);
    expect(await emails(ref, TOPICS.PAYMENT_COMPLETED)).toHaveLength(1);
  });

  it('emails once per event: a redelivered or repeated order-confirmed sends nothing more', async () => {
    const ref = orderRef();
    const confirmed = orderConfirmedEvent(ref, { totalAmount: 42 });

    await publish(TOPICS.ORDER_CONFIRMED, confirmed);
    await publish(TOPICS.ORDER_CONFIRMED, confirmed);
    const last = await publish(TOPICS.ORDER_CONFIRMED, orderConfirmedEvent(ref, { totalAmount: 42 }));
    await consumedBy('notification-service', last);

    const log = await notified(ref, TOPICS.ORDER_CONFIRMED);
    expect(log).toEqual([
      {
        _id: expect.stringMatching(/^[0-9a-f]{24}$/),
        orderId: ref.orderId,
        userId: ref.userId,
        type: TOPICS.ORDER_CONFIRMED,
        eventId: confirmed.eventId,
        to: ref.userEmail,
        subject: `Your order ${ref.orderId} is confirmed`,
        status: 'SENT',
        createdAt: expect.any(String),
        sentAt: expect.any(String),
      },
    ]);
    const files = await emails(ref, TOPICS.ORDER_CONFIRMED);
    expect(files).toHaveLength(1);
    expect(files[0]).toMatch(/^Subject: Your order [0-9a-f]{24} is confirmed$/m);
    expect(files[0]).toMatch(new RegExp(`^X-CommerceX-Event-Id: ${confirmed.eventId}$`, 'im'));
    expect(files[0]).toContain('Total: 42.00.');
  });

  it('emails a cancellation with its reason and whether a refund is due', async () => {
    const ref = orderRef();

    await publish(
      TOPICS.ORDER_CANCELLED,
      orderCancelledEvent(ref, { reason: 'OUT_OF_STOCK', refundDue: true, releaseStock: false, totalAmount: 25 }),
    );

    const [email] = await notified(ref, TOPICS.ORDER_CANCELLED);
    expect(email.subject).toBe(`Your order ${ref.orderId} was cancelled`);
    const [eml] = await emails(ref, TOPICS.ORDER_CANCELLED);
    expect(eml).toContain('out of stock');
    expect(eml).toContain('The 25.00 you paid is being refunded in full.');
  });

  it('shows payments and notifications to their owner and an admin, never to another customer', async () => {
    const ref = orderRef();
    await publish(
      TOPICS.ORDER_CREATED,
      orderCreatedEvent(ref, { items: [orderLine({ unitPrice: DECLINE_OVER * 2 })] }),
    );
    await paymentSettled(ref, 'FAILED');
    await notified(ref, TOPICS.PAYMENT_FAILED);
    const stranger = accessToken(Role.Customer);

    expect(await paymentsOf(ref, stranger)).toEqual([]);
    expect(await notificationsOf(ref, stranger)).toEqual([]);
    expect((await http('GET', PAYMENTS, { token: stranger })).body).toEqual([]);
    expect(await paymentsOf(ref, adminToken)).toHaveLength(1);
    expect((await notificationsOf(ref, adminToken)).map((n) => n.type)).toContain(TOPICS.PAYMENT_FAILED);
    const own = await http('GET', PAYMENTS, { token: accessToken(Role.Customer, ref.userId) });
    expect(own.body.map((p: { orderId: string }) => p.orderId)).toEqual([ref.orderId]);
    const viaGateway = await http('GET', `${GATEWAY}/api/payments?orderId=${ref.orderId}`, {
      token: accessToken(Role.Customer, ref.userId),
    });
    expect(viaGateway).toMatchObject({ status: 200, body: [{ orderId: ref.orderId, status: 'FAILED' }] });
  });

  it('answers 400 for a malformed orderId or an unknown parameter, 401 without a valid token', async () => {
    const token = accessToken(Role.Customer);

    for (const url of [PAYMENTS, NOTIFICATIONS]) {
      expect((await http('GET', `${url}?orderId=not-an-id`, { token })).status).toBe(400);
      expect((await http('GET', `${url}?orderId[$ne]=x`, { token })).status).toBe(400);
      expect((await http('GET', `${url}?userId=${objectId()}`, { token })).status).toBe(400);
      expect((await http('GET', url)).status).toBe(401);
      expect((await http('GET', url, { token: 'not.a.jwt' })).status).toBe(401);
    }
    const viaGateway = await http('GET', `${GATEWAY}/api/notifications?orderId=nope`, { token });
    expect(viaGateway).toMatchObject({ status: 400, body: { statusCode: 400, error: 'Bad Request' } });
  });

  it('offers no way to create or change a payment over HTTP', async () => {
    const token = accessToken(Role.Admin);

    // The paths exist for reading only: 405, naming what they allow.
    for (const url of [PAYMENTS, NOTIFICATIONS]) {
      const res = await http('POST', url, { token, body: { orderId: objectId(), amount: 1 } });
      expect({ status: res.status, allow: res.headers.get('allow') }).toEqual({ status: 405, allow: 'GET, HEAD' });
    }
  });
});
