import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model } from 'mongoose';
import { AuthUser, Role } from '@app/auth';
import { ensureIndexes, insertOnce } from '@app/common';
import { OrderCreatedEvent } from '@app/events';
import { PaymentProcessor } from '../processor/payment-processor';
import { PaymentViewDto } from './dto/payment-view.dto';
import { chargeOutbox, NewPayment } from './payment-outbox';
import { Payment, paymentIdOf } from './payment.schema';
import { Refund } from './refund.schema';

/** The most payments one list answers, newest first. */
export const LIST_LIMIT = 100;

/**
 * Charges each new order exactly once and answers who paid what. The charge's
 * outcome and its event are one insert, guarded by the unique orderId.
 */
@Injectable()
export class PaymentsService implements OnModuleInit {
  private readonly logger = new Logger(PaymentsService.name);

  constructor(
    @InjectModel(Payment.name) private readonly payments: Model<Payment>,
    @InjectModel(Refund.name) private readonly refunds: Model<Refund>,
    private readonly processor: PaymentProcessor,
  ) {}

  async onModuleInit(): Promise<void> {
    await ensureIndexes(this.payments);
  }

  /**
   * Charges an order, or does nothing when it is already charged: a
   * redelivered or repeated order-created (new eventId, same order) must not
   * charge again, and re-publishing an existing payment's event is the
   * relay's job. Resolves to the new payment, or null for a repeat.
   */
  async charge(event: OrderCreatedEvent): Promise<NewPayment | null> {
    const orderId = event.orderId.toLowerCase();
    if (await this.payments.exists({ _id: paymentIdOf(orderId) }).exec()) return this.repeated(orderId);

    // The processor's idempotency key covers a crash between charging and the insert below.
    const result = await this.processor.charge({
      idempotencyKey: `charge:${orderId}`,
      amount: event.totalAmount,
      description: `CommerceX order ${orderId}`,
    });
    const payment: NewPayment = {
      _id: paymentIdOf(orderId),
      orderId,
      userId: event.userId.toLowerCase(),
      userEmail: event.userEmail,
      amount: event.totalAmount,
      processedAt: new Date(),
      ...(result.approved
        ? { status: 'SUCCESS', chargeReference: result.reference }
        : { status: 'FAILED', reason: result.reason }),
    };
    // Another delivery of this order may have won the insert between our check and now.
    if (!(await insertOnce(this.payments, { ...payment, outbox: chargeOutbox(payment, event.items) })))
      return this.repeated(orderId);
    this.logger.log({ message: `order charged: ${payment.status}`, orderId, paymentId: String(payment._id) });
    return payment;
  }

  /** A customer sees their own payments (another's are simply not in the list); an admin sees all. */
  async list(user: AuthUser, orderId?: string): Promise<PaymentViewDto[]> {
    const ownerOnly = user.role !== Role.Admin;
    if (orderId) {
      // One order's payment: primary-key reads of the payment and its refund, then the ownership check.
      const id = paymentIdOf(orderId);
      const [payment, refund] = await Promise.all([
        this.payments.findOne({ _id: id }, { outbox: 0 }).lean().exec(),
        this.refunds.findOne({ _id: id }, { outbox: 0 }).lean().exec(),
      ]);
      if (!payment || (ownerOnly && payment.userId !== user.userId.toLowerCase())) return [];
      return [toView(payment, refund ?? undefined)];
    }
    const filter = ownerOnly ? { userId: user.userId.toLowerCase() } : {};
    const payments = await this.payments
      .find(filter, { outbox: 0 })
      .sort({ processedAt: -1 })
      .limit(LIST_LIMIT)
      .lean()
      .exec();
    if (payments.length === 0) return [];
    const refunds = await this.refunds
      .find({ _id: { $in: payments.map((p) => p._id) } }, { outbox: 0 })
      .lean()
      .exec();
    const refundOf = new Map(refunds.map((r) => [r.orderId, r]));
    return payments.map((p) => toView(p, refundOf.get(p.orderId)));
  }

  private repeated(orderId: string): null {
    this.logger.log({ message: 'order already charged; nothing to do', orderId });
    return null;
  }
}

/** REFUNDED is read from the refund's existence; the payment document itself never changes. */
function toView(payment: Omit<Payment, 'outbox'> & { _id: unknown }, refund?: Omit<Refund, 'outbox'>): PaymentViewDto {
  const view: PaymentViewDto = {
    _id: String(payment._id),
    orderId: payment.orderId,
    userId: payment.userId,
    amount: payment.amount,
    status: refund ? 'REFUNDED' : payment.status,
    processedAt: payment.processedAt,
  };
  const reason = refund?.reason ?? payment.reason;
  if (reason) view.reason = reason;
  if (refund) view.refundedAt = refund.refundedAt;
  return view;
}
