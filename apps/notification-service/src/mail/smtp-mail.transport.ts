import { OnApplicationShutdown } from '@nestjs/common';
import { createTransport } from 'nodemailer';
import { NotificationErrorCode, NotificationServiceError } from '../errors/notification-service.error';
import { MailTransport, OutgoingMail, SentMail } from './mail-transport';

interface SmtpError {
  code?: string;
  originalCode?: string;
  responseCode?: number;
  message?: string;
}

// nodemailer codes for failures that happen before the message is handed over.
const BEFORE_HANDOVER = new Set(['EDNS', 'ETLS', 'EREQUIRETLS', 'EAUTH', 'ENOAUTH', 'EENVELOPE', 'ECONFIG', 'EPROXY']);
// Socket errors of a connection that never opened.
const NEVER_CONNECTED = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);

/** Sends through the SMTP server that SMTP_URL names. */
export class SmtpMailTransport extends MailTransport implements OnApplicationShutdown {
  private readonly transporter;

  constructor(
    private readonly url: string,
    from: string,
  ) {
    super();
    this.transporter = createTransport(url, { from });
  }

  describe(): string {
    return `SMTP at ${new URL(this.url).host}`;
  }

  async send(mail: OutgoingMail): Promise<SentMail> {
    try {
      const info = await this.transporter.sendMail({
        to: mail.to,
        subject: mail.subject,
        text: mail.text,
        headers: { ...mail.headers, 'X-CommerceX-Reference': mail.reference },
      });
      return { messageId: info.messageId, destination: info.response };
    } catch (error) {
      const code = certainlyNotSent(error as SmtpError)
        ? NotificationErrorCode.MailNotSent
        : NotificationErrorCode.MailDeliveryUnknown;
      throw new NotificationServiceError(code, (error as Error).message);
    }
  }

  onApplicationShutdown(): void {
    this.transporter.close();
  }
}

/**
 * True when the server refused (it answered, so it did not take the message)
 * or the failure came before the message was handed over. A connection lost
 * while the message was being sent is not "certainly not sent": the server
 * may have accepted it just before.
 */
export function certainlyNotSent(error: SmtpError): boolean {
  if (typeof error.responseCode === 'number') return true;
  if (error.code && BEFORE_HANDOVER.has(error.code)) return true;
  return [error.code, error.originalCode].some((code) => code !== undefined && NEVER_CONNECTED.has(code));
}
