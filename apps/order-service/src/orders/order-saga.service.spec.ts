import { randomUUID } from 'node:crypto';
import { Logger } from '@nestjs/common';
import { Types } from 'mongoose';
import { Role } from '@app/auth';
import { OrderCancelledEvent, OrderPaidEvent, PaymentCompletedEvent, TOPICS, newEvent, parseEvent } from '@app/events';
import { OrderErrorCode, OrderServiceError } from '../errors/order-service.error';
import type { Journal, OrderJournal } from './order-journal.service';
import { OrderStatus } from './order-process';
import { OrderSagaService, Trigger } from './order-saga.service';
import type { OrderStep } from './order-step.schema';
import type { Order } from './order.schema';

/** The journal's contract in memory: steps appended at the next place only, one writer per place. */
class MemoryJournal {
  readonly steps: OrderStep[] = [];
  /** Runs before each append: lets a test slip in a concurrent writer's step. */
  beforeAppend?: () => void;

  constructor(readonly order: Order) {}

  async read(orderId: string): Promise<Journal | null> {
    return orderId === String(this.order._id) ? { order: this.order, steps: [...this.steps] } : null;
  }

  async append(journal: Journal, step: Omit<OrderStep, '_id' | 'seq' | 'orderId'>): Promise<Journal | null> {
    this.beforeAppend?.();
    const seq = journal.steps.length + 1;
    if (this.steps.length >= seq) return null;
    const orderId = String(this.order._id);
    this.steps.push({ ...step, _id: `${orderId}:${seq}`, orderId, seq });
    return { order: this.order, steps: [...this.steps] };
  }
}

const customerId = new Types.ObjectId().toHexString();

function newSaga() {
  const order: Order = {
    _id: new Types.ObjectId(),
    userId: customerId,
    userEmail: 'ada@example.com',
    items: [{ productId: new Types.ObjectId().toHexString(), name: 'Kettle', quantity: 2, unitPrice: 12.5 }],
    totalAmount: 25,
    idempotencyKey: 'auto:1',
    requestHash: 'h',
    createdAt: new Date(),
    outbox: null,
  };
  const journal = new MemoryJournal(order);
  const saga = new OrderSagaService(journal as unknown as OrderJournal);
  const orderId = String(order._id);
  const base = { orderId, userId: customerId };
  const paymentCompleted = (amount = 25) =>
    newEvent<PaymentCompletedEvent>({
      ...base,
      paymentId: orderId,
      status: 'SUCCESS',
      amount,
      processedAt: new Date().toISOString(),
      userEmail: order.userEmail,
      items: order.items.map(({ productId, quantity, unitPrice }) => ({ productId, quantity, unitPrice })),
    });
  const event = () => ({ eventId: randomUUID(), version: 1, occurredAt: new Date().toISOString(), ...base });
  const triggers = {
    paid: (amount?: number): Trigger => ({ on: 'payment-completed', event: paymentCompleted(amount) }),
    declined: (): Trigger => ({ on: 'payment-failed', event: event() }),
    reserved: (): Trigger => ({ on: 'inventory-reserved', event: event() }),
    outOfStock: (): Trigger => ({ on: 'inventory-failed', event: event() }),
    refunded: (): Trigger => ({ on: 'payment-refunded', event: event() }),
    cancel: (by = { userId: customerId, role: Role.Customer }): Trigger => ({ on: 'cancel', by }),
    ship: (): Trigger => ({ on: 'ship', by: { userId: new Types.ObjectId().toHexString(), role: Role.Admin } }),
  };
  const apply = (trigger: Trigger) => saga.apply(orderId, trigger);
  const outboxes = () => journal.steps.map((s) => s.outbox && { topic: s.outbox.topic, payload: s.outbox.payload });
  const statuses = () => journal.steps.map((s) => s.to);
  return { saga, journal, orderId, triggers, apply, outboxes, statuses };
}

async function codeOf(promise: Promise<unknown>): Promise<string | undefined> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (error === undefined) return undefined;
  expect(error).toBeInstanceOf(OrderServiceError);
  return (error as OrderServiceError).code;
}

describe(OrderSagaService.name, () => {
  beforeEach(() => jest.spyOn(Logger.prototype, 'log').mockImplementation());
  afterEach(() => jest.restoreAllMocks());

  it('walks the happy path, each step carrying the event of its commands, valid for its consumers', async () => {
    const { apply, triggers, journal, statuses } = newSaga();

    await apply(triggers.paid());
    await apply(triggers.reserved());
    await apply(triggers.ship());

    expect(statuses()).toEqual([OrderStatus.Paid, OrderStatus.Confirmed, OrderStatus.Shipped]);
    const [paid, confirmed, shipped] = journal.steps.map((s) => s.outbox!);
    expect([paid.topic, confirmed.topic, shipped.topic]).toEqual([
      TOPICS.ORDER_PAID,
      TOPICS.ORDER_CONFIRMED,
      TOPICS.ORDER_SHIPPED,
    ]);
    const orderPaid = parseEvent(TOPICS.ORDER_PAID, paid.payload) as OrderPaidEvent;
    expect(orderPaid).toMatchObject({
      totalAmount: 25,
      items: [expect.objectContaining({ quantity: 2, unitPrice: 12.5 })],
    });
    parseEvent(TOPICS.ORDER_CONFIRMED, confirmed.payload);
    parseEvent(TOPICS.ORDER_SHIPPED, shipped.payload);
  });

  it('refuses a payment that is not the order total, or not from its customer, and takes no step', async () => {
    const { apply, triggers, journal } = newSaga();

    expect(await codeOf(apply(triggers.paid(0.01)))).toBe(OrderErrorCode.PaymentMismatch);
    const stranger = {
      ...(triggers.paid() as { event: PaymentCompletedEvent }).event,
      userId: new Types.ObjectId().toHexString(),
    };
    expect(await codeOf(apply({ on: 'payment-completed', event: stranger }))).toBe(OrderErrorCode.PaymentMismatch);
    expect(journal.steps).toHaveLength(0);
  });

  it('refuses a pair the table does not list: an event with a dead-letter code, a request with 409', async () => {
    const { apply, triggers } = newSaga();

    const reserved = await apply(triggers.reserved()).catch((e: OrderServiceError) => e);
    expect(reserved).toMatchObject({
      code: OrderErrorCode.TransitionRefused,
      rule: { status: 409, event: 'dead-letter' },
    });
    expect(await codeOf(apply(triggers.ship()))).toBe(OrderErrorCode.TransitionRefused);
  });

  it('applies an event to an order once: a redelivery, or the same event with a new eventId, is a repeat', async () => {
    const { apply, triggers, journal } = newSaga();

    await apply(triggers.paid());
    const again = await apply(triggers.paid());

    expect(again.outcome).toBe('repeat');
    expect(journal.steps).toHaveLength(1);
  });

  it.each([
    ['PENDING', [], false, false],
    ['PAID', ['paid'], true, false],
    ['CONFIRMED', ['paid', 'reserved'], true, true],
  ] as const)('cancels a %s order with the refund and release it needs', async (_, before, refundDue, releaseStock) => {
    const { apply, triggers, journal } = newSaga();
    for (const t of before) await apply(triggers[t]());

    const { journal: after } = await apply(triggers.cancel());

    expect(after.steps.at(-1)).toMatchObject({ to: OrderStatus.Cancelled, reason: 'CUSTOMER_REQUEST' });
    const cancelled = parseEvent(TOPICS.ORDER_CANCELLED, journal.steps.at(-1)!.outbox!.payload) as OrderCancelledEvent;
    expect(cancelled).toMatchObject({ reason: 'CUSTOMER_REQUEST', refundDue, releaseStock, totalAmount: 25 });
  });

  it('refunds a charge that lands after the cancellation, and releases a reservation that does', async () => {
    const { apply, triggers, journal } = newSaga();
    await apply(triggers.cancel());

    await apply(triggers.paid());
    await apply(triggers.reserved());
    await apply(triggers.refunded());

    const events = journal.steps.map((s) => s.outbox && parseEvent(TOPICS.ORDER_CANCELLED, s.outbox.payload));
    expect(events.map((e) => e && { refundDue: e.refundDue, releaseStock: e.releaseStock })).toEqual([
      { refundDue: false, releaseStock: false },
      { refundDue: true, releaseStock: false },
      { refundDue: false, releaseStock: true },
      null,
    ]);
    expect(events.every((e) => !e || e.reason === 'CUSTOMER_REQUEST')).toBe(true);
  });

  it('names who cancelled: the customer, or an admin cancelling for them', async () => {
    const { apply, triggers, journal } = newSaga();

    await apply(triggers.cancel({ userId: new Types.ObjectId().toHexString(), role: Role.Admin }));

    expect(journal.steps[0].reason).toBe('ADMIN_REQUEST');
  });

  it('answers a second cancel, or a second ship, with the order as it is and records nothing', async () => {
    const { apply, triggers, journal } = newSaga();
    await apply(triggers.cancel());

    expect((await apply(triggers.cancel())).outcome).toBe('unchanged');
    expect(journal.steps).toHaveLength(1);
  });

  it('decides again from the new state when a concurrent writer took the next step first', async () => {
    const { apply, triggers, journal, orderId } = newSaga();
    await apply(triggers.paid());
    // While the cancel decides from PAID, inventory confirms the order: the cancel must then release the stock too.
    journal.beforeAppend = () => {
      journal.beforeAppend = undefined;
      journal.steps.push({
        _id: `${orderId}:2`,
        orderId,
        seq: 2,
        on: 'inventory-reserved',
        from: OrderStatus.Paid,
        to: OrderStatus.Confirmed,
        then: [],
        causedBy: 'e',
        at: new Date(),
        outbox: null,
      });
    };

    await apply(triggers.cancel());

    expect(journal.steps.map((s) => s.to)).toEqual([OrderStatus.Paid, OrderStatus.Confirmed, OrderStatus.Cancelled]);
    expect(journal.steps[2]).toMatchObject({
      from: OrderStatus.Confirmed,
      then: ['refund', 'release stock', 'notify cancelled'],
    });
  });

  it('gives up with a retryable code when it keeps losing the race', async () => {
    // A writer that always appends first (artificial steps that leave the order PENDING).
    const { apply, triggers, journal, orderId } = newSaga();
    let n = 0;
    journal.beforeAppend = () =>
      void journal.steps.push({
        _id: `${orderId}:${++n}`,
        orderId,
        seq: n,
        on: 'payment-refunded',
        from: OrderStatus.Pending,
        to: OrderStatus.Pending,
        then: [],
        causedBy: 'x',
        at: new Date(),
        outbox: null,
      });

    const error = await apply(triggers.cancel()).catch((e: OrderServiceError) => e);
    expect(error).toMatchObject({ code: OrderErrorCode.Contended, rule: { event: 'retry' } });
  });

  it('refuses an unknown order with a dead-letter code', async () => {
    const { saga, triggers } = newSaga();
    expect(await codeOf(saga.apply(new Types.ObjectId().toHexString(), triggers.cancel()))).toBe(
      OrderErrorCode.NotFound,
    );
  });
});
