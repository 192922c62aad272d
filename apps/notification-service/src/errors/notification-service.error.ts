/**
 * What can go wrong in notification-service, as string codes. Sending mail
 * fails in two ways that must be told apart: "not sent" is safe to retry,
 * "may have been sent" is not (a retry could email the customer twice).
 */
export enum NotificationErrorCode {
  /** The transport refused before the message left (server down, login or address refused, disk full). */
  MailNotSent = 'MAIL_NOT_SENT',
  /** The transport failed after the message may have been handed over; only the mail server knows. */
  MailDeliveryUnknown = 'MAIL_DELIVERY_UNKNOWN',
}

const MESSAGES: Record<NotificationErrorCode, string> = {
  [NotificationErrorCode.MailNotSent]: 'The email was not sent',
  [NotificationErrorCode.MailDeliveryUnknown]: 'The email may or may not have been sent',
};

export class NotificationServiceError extends Error {
  constructor(
    readonly code: NotificationErrorCode,
    detail?: string,
  ) {
    super(detail ? `${MESSAGES[code]}: ${detail}` : MESSAGES[code]);
    this.name = 'NotificationServiceError';
  }
}
