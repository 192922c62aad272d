import { PermanentEventError } from '@app/events';
import { PaymentErrorCode, PaymentServiceError } from './payment-service.error';

/**
 * The Kafka side of the error mapping: every payment-service rule failure is
 * permanent (retrying cannot make an unknown payment appear), so it goes to
 * the dead-letter topic at once with its code as the reason. Anything else is
 * a fault, passed on for EventConsumer to retry.
 */
export function toEventError(error: unknown): unknown {
  if (!(error instanceof PaymentServiceError)) return error;
  switch (error.code) {
    case PaymentErrorCode.PaymentNotFound:
    case PaymentErrorCode.PaymentMismatch:
    case PaymentErrorCode.NotRefundable:
      return new PermanentEventError(`${error.code}: ${error.message}`);
    default:
      return assertUnreachable(error.code);
  }
}

function assertUnreachable(code: never): never {
  throw new Error(`Unmapped payment-service error code: ${String(code)}`);
}
