export interface OutgoingMail {
  to: string;
  subject: string;
  text: string;
  /**
   * Unique per send attempt and safe in a file name; travels as the
   * X-CommerceX-Reference header, so a mailbox can be matched to the log.
   */
  reference: string;
  /** Extra headers (X-CommerceX-*) for tracing an email back to its order and event. */
  headers?: Record<string, string>;
}

export interface SentMail {
  messageId: string;
  /** Where the message went: the SMTP server's reply, or the .eml file written. */
  destination: string;
}

/**
 * How an email leaves the service. A send either resolves (sent), or rejects
 * with a NotificationServiceError whose code says whether the message
 * certainly did not leave (MAIL_NOT_SENT) or might have (MAIL_DELIVERY_UNKNOWN).
 */
export abstract class MailTransport {
  /** For the start-up log: where email goes. */
  abstract describe(): string;
  abstract send(mail: OutgoingMail): Promise<SentMail>;
}
