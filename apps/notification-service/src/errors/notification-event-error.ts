import { PermanentEventError } from '@app/events';
import { NotificationErrorCode, NotificationServiceError } from './notification-service.error';

/**
 * The Kafka side of the error mapping. An email that was certainly not sent
 * is retried by EventConsumer (then dead-lettered, from where it can be
 * replayed); one that may have gone out is dead-lettered at once, because
 * "never twice" beats "surely once" for email.
 */
export function toEventError(error: unknown): unknown {
  if (!(error instanceof NotificationServiceError)) return error;
  switch (error.code) {
    case NotificationErrorCode.MailNotSent:
      return error;
    case NotificationErrorCode.MailDeliveryUnknown:
      return new PermanentEventError(`${error.code}: ${error.message}`);
    default:
      return assertUnreachable(error.code);
  }
}

function assertUnreachable(code: never): never {
  throw new Error(`Unmapped notification-service error code: ${String(code)}`);
}
