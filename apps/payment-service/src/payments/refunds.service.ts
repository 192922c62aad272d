import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model } from 'mongoose';
import { ensureIndexes, insertOnce } from '@app/common';
import { OrderCancelledEvent } from '@app/events';
import { PaymentErrorCode, PaymentServiceError } from '../errors/payment-service.error';
import { PaymentProcessor } from '../processor/payment-processor';
import { NewRefund, refundOutbox } from './payment-outbox';
import { Payment, paymentIdOf } from './payment.schema';
import { Refund } from './refund.schema';

/**
 * Pays back a cancelled order's charge when order-service says a refund is
 * due (order-cancelled with `refundDue`), exactly once:
 * the refund and its payment-refunded event are one insert, guarded by the
 * unique orderId of the refunds collection.
 */
@Injectable()
export class RefundsService implements OnModuleInit {
  private readonly logger = new Logger(RefundsService.name);

  constructor(
    @InjectModel(Payment.name) private readonly payments: Model<Payment>,
    @InjectModel(Refund.name) private readonly refunds: Model<Refund>,
    private readonly processor: PaymentProcessor,
  ) {}

  async onModuleInit(): Promise<void> {
    await ensureIndexes(this.refunds);
  }

  /**
   * Refunds the order's payment when the cancellation says a refund is due.
   * Fails with a code (and the event is dead-lettered) when there is no such
   * completed payment; resolves to null when no refund is due or the order
   * is already refunded.
   */
  async refund(event: OrderCancelledEvent): Promise<NewRefund | null> {
    if (!event.refundDue) return null;
    const orderId = event.orderId.toLowerCase();
    const payment = await this.payments
      .findOne({ _id: paymentIdOf(orderId) }, { outbox: 0 })
      .lean()
      .exec();
    if (!payment) throw new PaymentServiceError(PaymentErrorCode.PaymentNotFound, `order ${orderId}`);
    const paymentId = String(payment._id);
    if (payment.userId !== event.userId.toLowerCase()) {
      throw new PaymentServiceError(PaymentErrorCode.PaymentMismatch, `order ${orderId} was paid by ${paymentId}`);
    }
    if (payment.status !== 'SUCCESS' || !payment.chargeReference) {
      throw new PaymentServiceError(PaymentErrorCode.NotRefundable, `order ${orderId}`);
    }
    if (await this.refunds.exists({ _id: paymentIdOf(orderId) }).exec()) return this.repeated(orderId);

    // As with charges, the idempotency key makes a refund retried after a crash pay back once.
    const result = await this.processor.refund({
      idempotencyKey: `refund:${orderId}`,
      chargeReference: payment.chargeReference,
      amount: payment.amount,
    });
    const refund: NewRefund = {
      _id: paymentIdOf(orderId),
      orderId,
      paymentId,
      amount: payment.amount,
      reason: event.reason,
      refundReference: result.reference,
      refundedAt: new Date(),
    };
    if (!(await insertOnce(this.refunds, { ...refund, outbox: refundOutbox(refund, payment) })))
      return this.repeated(orderId);
    this.logger.log({ message: 'payment refunded', orderId, paymentId });
    return refund;
  }

  private repeated(orderId: string): null {
    this.logger.log({ message: 'order already refunded; nothing to do', orderId });
    return null;
  }
}
