import { HttpStatus } from '@nestjs/common';
import { defineErrors } from '@app/common';

/** What can go wrong in payment-service, each code with its HTTP status and its fate as an event. */
export enum PaymentErrorCode {
  /** A refund is due for an order this service never charged. */
  PaymentNotFound = 'PAYMENT_NOT_FOUND',
  /** The cancellation names a customer other than the one charged for the order. */
  PaymentMismatch = 'PAYMENT_MISMATCH',
  /** A refund is due for an order whose charge was declined: there is nothing to pay back. */
  NotRefundable = 'PAYMENT_NOT_REFUNDABLE',
}

// Every rule failure is permanent: retrying cannot make an unknown payment appear.
export class PaymentServiceError extends defineErrors<PaymentErrorCode>('PaymentServiceError', {
  [PaymentErrorCode.PaymentNotFound]: {
    status: HttpStatus.NOT_FOUND,
    message: 'No payment for this order',
    event: 'dead-letter',
  },
  [PaymentErrorCode.PaymentMismatch]: {
    status: HttpStatus.CONFLICT,
    message: 'The event does not match the payment recorded for this order',
    event: 'dead-letter',
  },
  [PaymentErrorCode.NotRefundable]: {
    status: HttpStatus.CONFLICT,
    message: 'The payment for this order was not completed, so it cannot be refunded',
    event: 'dead-letter',
  },
}) {}
