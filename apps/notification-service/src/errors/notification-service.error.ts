import { HttpStatus } from '@nestjs/common';
import { defineErrors } from '@app/common';

/**
 * What can go wrong in notification-service. Sending mail fails in two ways
 * that must be told apart: "not sent" is safe to retry, "may have been sent"
 * is not (a retry could email the customer twice).
 */
export enum NotificationErrorCode {
  /** The transport refused before the message left (server down, login or address refused, disk full). */
  MailNotSent = 'MAIL_NOT_SENT',
  /** The transport failed after the message may have been handed over; only the mail server knows. */
  MailDeliveryUnknown = 'MAIL_DELIVERY_UNKNOWN',
}

export class NotificationServiceError extends defineErrors<NotificationErrorCode>('NotificationServiceError', {
  // Retried, then dead-lettered, from where it can be replayed.
  [NotificationErrorCode.MailNotSent]: {
    status: HttpStatus.BAD_GATEWAY,
    message: 'The email was not sent',
    event: 'retry',
  },
  // Dead-lettered at once: "never twice" beats "surely once" for email.
  [NotificationErrorCode.MailDeliveryUnknown]: {
    status: HttpStatus.BAD_GATEWAY,
    message: 'The email may or may not have been sent',
    event: 'dead-letter',
  },
}) {}
