/**
 * What can go wrong in payment-service, as string codes: they survive
 * serialisation (a dead letter's reason), and the mapping to a transport
 * lives in one place (toEventError).
 */
export enum PaymentErrorCode {
  /** inventory-failed names an order this service never charged. */
  PaymentNotFound = 'PAYMENT_NOT_FOUND',
  /** inventory-failed names a payment, or a customer, other than the one charged for the order. */
  PaymentMismatch = 'PAYMENT_MISMATCH',
  /** inventory-failed for an order whose charge was declined: there is nothing to pay back. */
  NotRefundable = 'PAYMENT_NOT_REFUNDABLE',
}

const MESSAGES: Record<PaymentErrorCode, string> = {
  [PaymentErrorCode.PaymentNotFound]: 'No payment for this order',
  [PaymentErrorCode.PaymentMismatch]: 'The event does not match the payment recorded for this order',
  [PaymentErrorCode.NotRefundable]: 'The payment for this order was not completed, so it cannot be refunded',
};

export class PaymentServiceError extends Error {
  constructor(
    readonly code: PaymentErrorCode,
    detail?: string,
  ) {
    super(detail ? `${MESSAGES[code]} (${detail})` : MESSAGES[code]);
    this.name = 'PaymentServiceError';
  }
}
