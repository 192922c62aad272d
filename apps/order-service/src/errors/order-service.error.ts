import { HttpStatus } from '@nestjs/common';
import { defineErrors } from '@app/common';

/** What can go wrong in order-service, each code with its HTTP status and its fate as an event. */
export enum OrderErrorCode {
  NotFound = 'ORDER_NOT_FOUND',
  TransitionRefused = 'ORDER_TRANSITION_REFUSED',
  PaymentMismatch = 'ORDER_PAYMENT_MISMATCH',
  Contended = 'ORDER_CONTENDED',
  DuplicateProduct = 'ORDER_DUPLICATE_PRODUCT',
  UnknownProduct = 'ORDER_UNKNOWN_PRODUCT',
  IdempotencyKeyReused = 'ORDER_IDEMPOTENCY_KEY_REUSED',
  CatalogUnavailable = 'ORDER_CATALOG_UNAVAILABLE',
}

export class OrderServiceError extends defineErrors<OrderErrorCode>('OrderServiceError', {
  [OrderErrorCode.NotFound]: { status: HttpStatus.NOT_FOUND, message: 'Order not found', event: 'dead-letter' },
  [OrderErrorCode.TransitionRefused]: {
    status: HttpStatus.CONFLICT,
    message: 'The order cannot take this step',
    event: 'dead-letter',
  },
  [OrderErrorCode.PaymentMismatch]: {
    status: HttpStatus.CONFLICT,
    message: 'The payment does not match the order',
    event: 'dead-letter',
  },
  // Several writers kept moving the order at once: the next attempt reads the new state.
  [OrderErrorCode.Contended]: {
    status: HttpStatus.SERVICE_UNAVAILABLE,
    message: 'The order is changing; retry shortly',
    event: 'retry',
  },
  [OrderErrorCode.DuplicateProduct]: {
    status: HttpStatus.BAD_REQUEST,
    message: 'Each product may appear once in an order; add up the quantities instead',
    event: 'dead-letter',
  },
  [OrderErrorCode.UnknownProduct]: {
    status: HttpStatus.BAD_REQUEST,
    message: 'Unknown product(s)',
    event: 'dead-letter',
  },
  [OrderErrorCode.IdempotencyKeyReused]: {
    status: HttpStatus.CONFLICT,
    message: 'This Idempotency-Key was already used for a different order',
    event: 'dead-letter',
  },
  // A product order-service has not heard of yet, and product-service did not answer for it: nothing was stored.
  [OrderErrorCode.CatalogUnavailable]: {
    status: HttpStatus.SERVICE_UNAVAILABLE,
    message: 'The catalog could not be asked for these products; retry shortly',
    event: 'retry',
  },
}) {}
