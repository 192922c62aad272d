import { DLQ_HEADERS, TOPICS, deadLetterTopic } from '@app/events';
import { paymentCompletedEvent } from '@app/testing';
import { Session, admin as adminSession, customer } from './support/accounts';
import { eventually } from './support/eventually';
import { pidOf } from './support/faults';
import { http } from './support/http';
import { TopicWatcher, disconnectProducer, produce } from './support/kafka';
import { placeOrder, settled, stockOf, stockedProduct } from './support/shop';
import { GATEWAY } from './support/stack';

const API = `${GATEWAY}/api`;
const PRICE = 12.5;
const STOCK = 1_000;

interface Step {
  seq: number;
  event: string;
  status: string;
  service: string;
  commands: string[];
  at: string;
}

const cancel = (session: Session, orderId: string) =>
  http('POST', `${API}/orders/${orderId}/cancel`, { token: session.token });
const ship = (session: Session, orderId: string) =>
  http('POST', `${API}/orders/${orderId}/ship`, { token: session.token });
const timeline = async (session: Session, orderId: string): Promise<Step[]> =>
  (await http('GET', `${API}/orders/${orderId}/timeline`, { token: session.token })).body.steps;
const paymentsOf = async (session: Session, orderId: string) =>
  (await http('GET', `${API}/payments?orderId=${orderId}`, { token: session.token })).body as {
    status: string;
    amount: number;
  }[];

/**
 * Holds a service still (SIGSTOP) while `during` runs, then lets it go on, so
 * a cancel lands at a chosen point of the flow: "while the payment is being
 * charged" is while payment-service cannot charge. The pause stays far below
 * the consumer's 10 s session timeout, so the group does not rebalance.
 */
async function whilePaused<T>(service: string, during: () => Promise<T>): Promise<T> {
  const pid = pidOf(service);
  process.kill(-pid, 'SIGSTOP');
  try {
    return await during();
  } finally {
    process.kill(-pid, 'SIGCONT');
  }
}

/**
 * A cancelled order is settled when nothing more can happen to it: it was
 * charged and refunded, and a reservation made for it (after an order-paid)
 * has landed. Every order here is under the decline limit, so each is charged.
 */
function compensated(steps: Step[]): boolean {
  const paid = steps.some((s) => s.commands.includes('reserve stock'));
  const reservationLanded = steps.some((s) => s.event === 'inventory-reserved' || s.event === 'inventory-failed');
  return steps.some((s) => s.event === 'payment-refunded') && (!paid || reservationLanded);
}

describe('the order lifecycle: cancel, ship, timeline', () => {
  let admin: Session;
  let buyer: Session;
  let refunds: TopicWatcher;

  beforeAll(async () => {
    [admin, buyer] = await Promise.all([adminSession(), customer()]);
    refunds = await TopicWatcher.start([TOPICS.PAYMENT_REFUNDED]);
  });

  afterAll(async () => {
    await refunds.stop();
    await disconnectProducer();
  });

  /** Places `count` orders of one unit of a product (a fresh one by default), and answers the product and the order ids. */
  async function orders(count: number, product?: string): Promise<{ product: string; ids: string[] }> {
    product ??= await stockedProduct(admin, PRICE, STOCK);
    const ids: string[] = [];
    for (let i = 0; i < count; i++) {
      const placed = await placeOrder(buyer, [{ product, quantity: 1 }]);
      expect(placed.status).toBe(201);
      ids.push(placed.body._id);
    }
    return { product, ids };
  }

  async function cancelAll(ids: string[]) {
    const answers = await Promise.all(ids.map((id) => cancel(buyer, id)));
    for (const a of answers) expect(a).toMatchObject({ status: 200, body: { status: 'CANCELLED' } });
  }

  /** Every order ends CANCELLED, charged once and refunded once (money whole), and the stock is what it was. */
  async function expectWhole(product: string, ids: string[]) {
    for (const id of ids) {
      const steps = await eventually(() => timeline(buyer, id), compensated, {
        what: `order ${id} to be refunded and its stock settled`,
        timeoutMs: 60_000,
      });
      expect(steps.at(-1)!.status).toBe('CANCELLED');
      const payments = await paymentsOf(buyer, id);
      expect(payments).toEqual([expect.objectContaining({ status: 'REFUNDED', amount: PRICE })]);
      const order = (await http('GET', `${API}/orders/${id}`, { token: buyer.token })).body;
      expect(order).toMatchObject({ status: 'CANCELLED', cancelReason: 'CUSTOMER_REQUEST', refunded: true });
    }
    await eventually(
      () => stockOf(product),
      (stock) => stock === STOCK,
      { what: `stock of ${product} back to ${STOCK}` },
    );
    await eventually(
      async () => refunds.seen.filter((m) => ids.includes(m.key ?? '')).length,
      (n) => n >= ids.length,
      { what: 'a payment-refunded per order' },
    );
    // A refund is one payment-refunded event (one eventId). Kafka may deliver it, or the outbox relay's recovery
    // sweep publish it, more than once: consumers skip a repeated eventId, so that is no second refund.
    const refundsOf = new Map<string, Set<string>>();
    for (const m of refunds.seen) {
      const orderId = m.key ?? '';
      if (!ids.includes(orderId)) continue;
      const ofOrder = refundsOf.get(orderId) ?? refundsOf.set(orderId, new Set()).get(orderId)!;
      ofOrder.add((JSON.parse(m.value) as { eventId: string }).eventId);
    }
    expect(refundsOf.size).toBe(ids.length);
    expect([...refundsOf.values()].every((events) => events.size === 1)).toBe(true);
  }

  it('cancels 20 orders before payment (payment-service held still): each late charge is refunded, no stock taken', async () => {
    const fresh = await stockedProduct(admin, PRICE, STOCK);
    const { product, ids } = await whilePaused('payment-service', async () => {
      const placed = await orders(20, fresh);
      await cancelAll(placed.ids);
      return placed;
    });
    await expectWhole(product, ids);
    const steps = await timeline(buyer, ids[0]);
    expect(steps.map((s) => s.event)).toEqual(['placed', 'cancel', 'payment-completed', 'payment-refunded']);
    expect(steps[2].commands).toEqual(['refund']);
  });

  it('cancels 20 paid orders while the reservation is being made (inventory held still): each is refunded and released', async () => {
    const fresh = await stockedProduct(admin, PRICE, STOCK);
    const { product, ids } = await whilePaused('inventory-service', async () => {
      const placed = await orders(20, fresh);
      for (const id of placed.ids)
        await eventually(
          () => http('GET', `${API}/orders/${id}`, { token: buyer.token }),
          (r) => r.body?.status === 'PAID',
          { what: `order ${id} to be PAID`, timeoutMs: 8_000, intervalMs: 50 },
        );
      await cancelAll(placed.ids);
      return placed;
    });
    await expectWhole(product, ids);
    const events = (await timeline(buyer, ids[0])).map((s) => s.event);
    expect(events.slice(0, 3)).toEqual(['placed', 'payment-completed', 'cancel']);
    expect(events).toEqual(expect.arrayContaining(['inventory-reserved', 'payment-refunded']));
  });

  it('cancels 20 confirmed orders: each is refunded and its stock released', async () => {
    const { product, ids } = await orders(20);
    for (const id of ids) expect(await settled(buyer, id)).toMatchObject({ status: 'CONFIRMED' });
    expect(await stockOf(product)).toBe(STOCK - 20);
    await cancelAll(ids);
    await expectWhole(product, ids);
    const steps = await timeline(buyer, ids[0]);
    expect(steps.find((s) => s.event === 'cancel')!.commands).toEqual(['refund', 'release stock', 'notify cancelled']);
  });

  it('cancels 50 orders at random moments while orders flow at 10/s: all CANCELLED, money and stock whole, no refund twice', async () => {
    const product = await stockedProduct(admin, PRICE, STOCK);
    const ids: string[] = [];
    const cancels: Promise<unknown>[] = [];
    for (let i = 0; i < 50; i++) {
      const placed = await placeOrder(buyer, [{ product, quantity: 1 }]);
      expect(placed.status).toBe(201);
      ids.push(placed.body._id);
      const delay = Math.random() * 1_500;
      cancels.push(
        new Promise((resolve) => setTimeout(resolve, delay)).then(async () => {
          const answer = await cancel(buyer, placed.body._id);
          expect(answer).toMatchObject({ status: 200, body: { status: 'CANCELLED' } });
        }),
      );
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    await Promise.all(cancels);
    await expectWhole(product, ids);
    // Where the cancels landed: a spread over the flow, not all at one point.
    const points = new Set<string>();
    for (const id of ids) {
      const steps = await timeline(buyer, id);
      points.add(steps[steps.findIndex((s) => s.event === 'cancel') - 1].status);
    }
    expect(points.size).toBeGreaterThan(1);
  });

  it('dead-letters a forged payment-completed that does not pay the order in full, and moves nothing', async () => {
    const product = await stockedProduct(admin, PRICE, STOCK);
    const letters = await TopicWatcher.start([deadLetterTopic(TOPICS.PAYMENT_COMPLETED)]);
    try {
      const { ids } = await whilePaused('payment-service', async () => {
        const placed = await orders(1, product);
        const [id] = placed.ids;
        const forged = paymentCompletedEvent(
          { orderId: id, userId: buyer.userId, userEmail: buyer.email },
          { amount: 0.01, items: [{ productId: product, quantity: 1, unitPrice: 0.01 }] },
        );
        await produce(TOPICS.PAYMENT_COMPLETED, forged, id);
        const letter = await letters.waitFor(
          (m) => m.key === id && m.headers[DLQ_HEADERS.consumer] === 'order-service',
          { what: "order-service's dead letter for the forged payment", timeoutMs: 6_000 },
        );
        expect(letter.headers[DLQ_HEADERS.reason]).toMatch(/^ORDER_PAYMENT_MISMATCH: .*total is 12\.5/);
        expect((await http('GET', `${API}/orders/${id}`, { token: buyer.token })).body.status).toBe('PENDING');
        expect(await stockOf(product)).toBe(STOCK);
        return placed;
      });
      // The real charge, once payment-service runs again, confirms the order as usual.
      expect(await settled(buyer, ids[0])).toMatchObject({ status: 'CONFIRMED' });
    } finally {
      await letters.stop();
    }
  });

  it('ships a confirmed order for an admin only; shipping blocks a later cancel with 409, and the timeline shows each step in order', async () => {
    const { ids } = await orders(1);
    const [id] = ids;
    await settled(buyer, id);

    expect((await ship(buyer, id)).status).toBe(403);
    const shipped = await ship(admin, id);
    expect(shipped).toMatchObject({ status: 200, body: { status: 'SHIPPED' } });
    expect(await ship(admin, id)).toMatchObject({ status: 200, body: { status: 'SHIPPED' } });

    const refused = await cancel(buyer, id);
    expect(refused).toMatchObject({ status: 409, body: { code: 'ORDER_TRANSITION_REFUSED' } });
    expect(refused.body.message).toMatch(/SHIPPED and can no longer be cancelled/);

    const steps = await timeline(buyer, id);
    expect(steps.map((s) => [s.event, s.status, s.service])).toEqual([
      ['placed', 'PENDING', 'order-service'],
      ['payment-completed', 'PAID', 'payment-service'],
      ['inventory-reserved', 'CONFIRMED', 'inventory-service'],
      ['ship', 'SHIPPED', 'order-service'],
    ]);
    expect(steps.map((s) => s.seq)).toEqual([0, 1, 2, 3]);
    const times = steps.map((s) => Date.parse(s.at));
    expect([...times].sort((a, b) => a - b)).toEqual(times);
    await eventually(
      () => http('GET', `${API}/notifications?orderId=${id}`, { token: buyer.token }),
      (r) => Array.isArray(r.body) && r.body.some((n: { type: string }) => n.type === 'order-shipped'),
      { what: 'the shipping email' },
    );
  });

  it('refuses to ship an order that is not CONFIRMED, with 409', async () => {
    const { ids } = await orders(1);
    await cancelAll(ids);
    expect(await ship(admin, ids[0])).toMatchObject({ status: 409, body: { code: 'ORDER_TRANSITION_REFUSED' } });
  });

  it("answers 404 to another customer's cancel and timeline, and a second cancel with the same cancelled order", async () => {
    const { ids } = await orders(1);
    const [id] = ids;
    const stranger = await customer();

    expect(await cancel(stranger, id)).toMatchObject({ status: 404, body: { code: 'ORDER_NOT_FOUND' } });
    expect((await http('GET', `${API}/orders/${id}/timeline`, { token: stranger.token })).status).toBe(404);

    const first = await cancel(buyer, id);
    const second = await cancel(buyer, id);
    expect(first.status).toBe(200);
    expect(second).toMatchObject({ status: 200, body: { _id: id, status: 'CANCELLED' } });
    expect(second.body.history).toEqual(first.body.history);
    expect((await timeline(buyer, id)).filter((s) => s.event === 'cancel')).toHaveLength(1);
  });

  it('lets an admin cancel any order, and filter orders by status, customer and time', async () => {
    const since = new Date(Date.now() - 1_000).toISOString();
    const { ids } = await orders(2);
    const cancelled = await cancel(admin, ids[0]);
    expect(cancelled).toMatchObject({ status: 200, body: { status: 'CANCELLED', cancelReason: 'ADMIN_REQUEST' } });
    await settled(buyer, ids[1]);

    const list = (query: string, session = admin) => http('GET', `${API}/orders?${query}`, { token: session.token });
    const mine = await list(`userId=${buyer.userId}&from=${since}&status=CANCELLED&limit=100`);
    expect(mine.status).toBe(200);
    expect(mine.body.map((o: { _id: string }) => o._id)).toContain(ids[0]);
    expect(mine.body.map((o: { _id: string }) => o._id)).not.toContain(ids[1]);
    expect(
      mine.body.every((o: { status: string; user: string }) => o.status === 'CANCELLED' && o.user === buyer.userId),
    ).toBe(true);
    expect(Number(mine.headers.get('x-total-count'))).toBe(mine.body.length);

    const confirmed = await list(`userId=${buyer.userId}&from=${since}&status=CONFIRMED`);
    expect(confirmed.body.map((o: { _id: string }) => o._id)).toEqual([ids[1]]);
    const future = await list(`userId=${buyer.userId}&from=${new Date(Date.now() + 60_000).toISOString()}`);
    expect(future.body).toEqual([]);

    expect(await list('status=LOST')).toMatchObject({ status: 400 });
    expect(await list('from=yesterday')).toMatchObject({ status: 400 });
    expect(await list('userId=nope')).toMatchObject({ status: 400 });
    // A customer's userId filter cannot reach another customer's orders.
    const stranger = await customer();
    expect((await list(`userId=${buyer.userId}`, stranger)).body).toEqual([]);
  });
});
