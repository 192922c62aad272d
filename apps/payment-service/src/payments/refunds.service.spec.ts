import { randomUUID } from 'node:crypto';
import { Logger } from '@nestjs/common';
import { Model, Types } from 'mongoose';
import { OutboxMessage, parseEvent, TOPICS } from '@app/events';
import { FakeModel, orderCancelledEvent, orderCreatedEvent, orderRef } from '@app/testing';
import { PaymentErrorCode, PaymentServiceError } from '../errors/payment-service.error';
import { SimulatedPaymentProcessor } from '../processor/simulated-payment.processor';
import { Payment } from './payment.schema';
import { PaymentsService } from './payments.service';
import { Refund } from './refund.schema';
import { RefundsService } from './refunds.service';

function newTestService() {
  const mocks = {
    payments: new FakeModel([['orderId']]),
    refunds: new FakeModel([['orderId']]),
    processor: new SimulatedPaymentProcessor(10_000),
  };
  jest.spyOn(mocks.processor, 'refund');
  const deps = [
    mocks.payments as unknown as Model<Payment>,
    mocks.refunds as unknown as Model<Refund>,
    mocks.processor,
  ] as const;
  return { sut: new RefundsService(...deps), payments: new PaymentsService(...deps), mocks };
}

/** An order charged for real by PaymentsService, and order-service's cancellation of it with a refund due. */
async function chargedOrder(test: ReturnType<typeof newTestService>, overrides = {}) {
  const order = orderCreatedEvent(orderRef(), overrides);
  const payment = (await test.payments.charge(order))!;
  const failed = orderCancelledEvent(order, { refundDue: true, releaseStock: false });
  return { order, payment, failed };
}

async function codeOf(promise: Promise<unknown>): Promise<PaymentErrorCode | undefined> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (error === undefined) return undefined;
  expect(error).toBeInstanceOf(PaymentServiceError);
  return (error as PaymentServiceError).code;
}

describe(RefundsService.name, () => {
  beforeEach(() => jest.spyOn(Logger.prototype, 'log').mockImplementation());
  afterEach(() => jest.restoreAllMocks());

  it('refunds the full amount once, storing a refund that carries payment-refunded', async () => {
    const test = newTestService();
    const { order, payment, failed } = await chargedOrder(test);

    await test.sut.refund(failed);

    expect(test.mocks.refunds.docs).toHaveLength(1);
    const [refund] = test.mocks.refunds.docs;
    expect(refund).toMatchObject({ orderId: order.orderId, paymentId: String(payment._id), amount: order.totalAmount });
    const outbox = refund.outbox as OutboxMessage;
    expect(outbox).toMatchObject({ topic: TOPICS.PAYMENT_REFUNDED, key: order.orderId });
    expect(parseEvent(TOPICS.PAYMENT_REFUNDED, outbox.payload)).toMatchObject({
      orderId: order.orderId,
      paymentId: String(payment._id),
      amount: order.totalAmount,
      reason: failed.reason,
      userId: order.userId,
      userEmail: order.userEmail,
    });
    expect(test.mocks.processor.refund).toHaveBeenCalledWith(
      expect.objectContaining({ idempotencyKey: `refund:${order.orderId}`, chargeReference: payment.chargeReference }),
    );
  });

  it('refunds nothing when the cancellation says no refund is due', async () => {
    const test = newTestService();
    const { failed } = await chargedOrder(test);

    expect(await test.sut.refund({ ...failed, refundDue: false })).toBeNull();
    expect(test.mocks.refunds.docs).toHaveLength(0);
    expect(test.mocks.processor.refund).not.toHaveBeenCalled();
  });

  it('does not refund twice: a redelivered or repeated order-cancelled changes nothing', async () => {
    const test = newTestService();
    const { failed } = await chargedOrder(test);

    await test.sut.refund(failed);
    const redelivered = await test.sut.refund(failed);
    const repeated = await test.sut.refund({ ...failed, eventId: randomUUID() });

    expect([redelivered, repeated]).toEqual([null, null]);
    expect(test.mocks.refunds.docs).toHaveLength(1);
    expect(test.mocks.processor.refund).toHaveBeenCalledTimes(1);
  });

  it('lets exactly one of many simultaneous deliveries record the refund', async () => {
    const test = newTestService();
    const { failed } = await chargedOrder(test);

    const results = await Promise.all(Array.from({ length: 8 }, () => test.sut.refund(failed)));

    expect(results.filter((r) => r !== null)).toHaveLength(1);
    expect(test.mocks.refunds.docs).toHaveLength(1);
  });

  it('refuses, with a code, an order never charged, a customer that does not match, and a declined charge', async () => {
    const test = newTestService();
    const { failed } = await chargedOrder(test);
    const declined = await chargedOrder(test, { totalAmount: 50_000 });
    const stranger = new Types.ObjectId().toHexString();

    expect(await codeOf(test.sut.refund({ ...failed, orderId: stranger }))).toBe(PaymentErrorCode.PaymentNotFound);
    expect(await codeOf(test.sut.refund({ ...failed, userId: stranger }))).toBe(PaymentErrorCode.PaymentMismatch);
    expect(await codeOf(test.sut.refund(declined.failed))).toBe(PaymentErrorCode.NotRefundable);
    expect(test.mocks.refunds.docs).toHaveLength(0);
  });
});
