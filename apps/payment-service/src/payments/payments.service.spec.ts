import { Logger } from '@nestjs/common';
import { Model, Types } from 'mongoose';
import { Role } from '@app/auth';
import { OutboxMessage, parseEvent, TOPICS } from '@app/events';
import { FakeModel, orderCreatedEvent, orderRef } from '@app/testing';
import { SimulatedPaymentProcessor } from '../processor/simulated-payment.processor';
import { Payment } from './payment.schema';
import { PaymentsService } from './payments.service';
import { Refund } from './refund.schema';

function newTestService() {
  const mocks = {
    payments: new FakeModel([['orderId']]),
    refunds: new FakeModel([['orderId']]),
    processor: new SimulatedPaymentProcessor(10_000),
  };
  jest.spyOn(mocks.processor, 'charge');
  const sut = new PaymentsService(
    mocks.payments as unknown as Model<Payment>,
    mocks.refunds as unknown as Model<Refund>,
    mocks.processor,
  );
  return { sut, mocks };
}

const outboxOf = (doc: Record<string, unknown>) => doc.outbox as OutboxMessage;
const customer = (userId: string) => ({ userId, email: `${userId}@example.com`, role: Role.Customer });
const admin = { userId: new Types.ObjectId().toHexString(), email: 'admin@example.com', role: Role.Admin };

describe(PaymentsService.name, () => {
  beforeEach(() => jest.spyOn(Logger.prototype, 'log').mockImplementation());
  afterEach(() => jest.restoreAllMocks());

  describe('charge', () => {
    it('charges the order total and stores one SUCCESS payment carrying payment-completed', async () => {
      const { sut, mocks } = newTestService();
      const order = orderCreatedEvent();

      await sut.charge(order);

      expect(mocks.payments.docs).toHaveLength(1);
      const [payment] = mocks.payments.docs;
      expect(payment).toMatchObject({ orderId: order.orderId, amount: order.totalAmount, status: 'SUCCESS' });
      const outbox = outboxOf(payment);
      expect(outbox).toMatchObject({ topic: TOPICS.PAYMENT_COMPLETED, key: order.orderId, publishedAt: null });
      // The payload is exactly what the contract allows, so inventory and notification accept it.
      const event = parseEvent(TOPICS.PAYMENT_COMPLETED, outbox.payload);
      expect(event).toMatchObject({
        orderId: order.orderId,
        paymentId: String(payment._id),
        status: 'SUCCESS',
        amount: order.totalAmount,
        userId: order.userId,
        userEmail: order.userEmail,
        items: order.items,
      });
    });

    it('declines a total over the limit: one FAILED payment with the reason, carrying payment-failed', async () => {
      const { sut, mocks } = newTestService();
      const order = orderCreatedEvent(orderRef(), { totalAmount: 10_000.5 });

      await sut.charge(order);

      const [payment] = mocks.payments.docs;
      expect(payment).toMatchObject({
        status: 'FAILED',
        amount: 10_000.5,
        reason: expect.stringMatching(/over the limit/),
      });
      const event = parseEvent(TOPICS.PAYMENT_FAILED, outboxOf(payment).payload);
      expect(event).toMatchObject({ orderId: order.orderId, paymentId: String(payment._id), reason: payment.reason });
      expect(outboxOf(payment).topic).toBe(TOPICS.PAYMENT_FAILED);
    });

    it('does not charge an order twice, whether the event is redelivered or sent again with a new eventId', async () => {
      const { sut, mocks } = newTestService();
      const order = orderCreatedEvent();

      await sut.charge(order);
      const redelivered = await sut.charge(order);
      const resent = await sut.charge(orderCreatedEvent(order));

      expect([redelivered, resent]).toEqual([null, null]);
      expect(mocks.payments.docs).toHaveLength(1);
      expect(mocks.processor.charge).toHaveBeenCalledTimes(1);
    });

    it('lets exactly one of many simultaneous deliveries of one order record a payment', async () => {
      const { sut, mocks } = newTestService();
      const order = orderCreatedEvent();

      const results = await Promise.all(Array.from({ length: 8 }, () => sut.charge(order)));

      expect(results.filter((r) => r !== null)).toHaveLength(1);
      expect(mocks.payments.docs).toHaveLength(1);
      // Each racer asked the processor with the same idempotency key, so the customer was charged once.
      const keys = (mocks.processor.charge as jest.Mock).mock.calls.map(([request]) => request.idempotencyKey);
      expect(new Set(keys)).toEqual(new Set([`charge:${order.orderId}`]));
    });

    it('stores nothing when the processor fails, so a retry charges (with the same key) and records it', async () => {
      const { sut, mocks } = newTestService();
      const order = orderCreatedEvent();
      (mocks.processor.charge as jest.Mock).mockRejectedValueOnce(new Error('processor unreachable'));

      await expect(sut.charge(order)).rejects.toThrow('processor unreachable');
      expect(mocks.payments.docs).toHaveLength(0);

      await sut.charge(order);
      expect(mocks.payments.docs).toHaveLength(1);
    });
  });

  describe('list', () => {
    async function twoCustomersWithPayments() {
      const test = newTestService();
      const ada = orderCreatedEvent();
      const bob = orderCreatedEvent(orderRef(), { totalAmount: 20_000 });
      await test.sut.charge(ada);
      await test.sut.charge(bob);
      return { ...test, ada, bob };
    }

    it("shows a customer their own payments only, and an admin everyone's", async () => {
      const { sut, ada, bob } = await twoCustomersWithPayments();

      const own = await sut.list(customer(ada.userId));
      const all = await sut.list(admin);

      expect(own.map((p) => p.orderId)).toEqual([ada.orderId]);
      expect(all.map((p) => p.orderId).sort()).toEqual([ada.orderId, bob.orderId].sort());
    });

    it("answers an empty list for another customer's order, and the payment for the owner", async () => {
      const { sut, ada, bob } = await twoCustomersWithPayments();

      expect(await sut.list(customer(ada.userId), bob.orderId)).toEqual([]);
      const [payment] = await sut.list(customer(bob.userId), bob.orderId);
      expect(Object.keys(payment).sort()).toEqual(
        ['_id', 'amount', 'orderId', 'processedAt', 'reason', 'status', 'userId'].sort(),
      );
      expect(payment).toMatchObject({ orderId: bob.orderId, userId: bob.userId, status: 'FAILED', amount: 20_000 });
    });

    it('reads a payment as REFUNDED, with the refund time and reason, once its refund exists', async () => {
      const { sut, mocks, ada } = await twoCustomersWithPayments();
      const paymentId = String(mocks.payments.docs[0]._id);
      const refundedAt = new Date();
      await mocks.refunds.create({
        _id: mocks.payments.docs[0]._id,
        orderId: ada.orderId,
        paymentId,
        amount: ada.totalAmount,
        reason: 'OUT_OF_STOCK',
        refundedAt,
      });

      const [payment] = await sut.list(customer(ada.userId), ada.orderId);

      expect(payment).toMatchObject({ _id: paymentId, status: 'REFUNDED', reason: 'OUT_OF_STOCK', refundedAt });
    });
  });
});
