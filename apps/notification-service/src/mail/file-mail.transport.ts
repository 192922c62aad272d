import { mkdir, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createTransport } from 'nodemailer';
import { NotificationErrorCode, NotificationServiceError } from '../errors/notification-service.error';
import { MailTransport, OutgoingMail, SentMail } from './mail-transport';

/**
 * Local delivery: each email is composed by nodemailer exactly as it would go
 * over SMTP and written to `<dir>/<reference>.eml`, which any mail client
 * opens. Written under a temporary name and renamed, so a reader never sees
 * half a message and a failed write leaves no .eml behind.
 */
export class FileMailTransport extends MailTransport {
  private readonly composer;

  constructor(
    private readonly dir: string,
    from: string,
  ) {
    super();
    this.composer = createTransport({ streamTransport: true, buffer: true, newline: 'unix' }, { from });
  }

  describe(): string {
    return `.eml files in ${this.dir}`;
  }

  async send(mail: OutgoingMail): Promise<SentMail> {
    const file = join(this.dir, `${mail.reference}.eml`);
    try {
      const info = await this.composer.sendMail({
        to: mail.to,
        subject: mail.subject,
        text: mail.text,
        headers: { ...mail.headers, 'X-CommerceX-Reference': mail.reference },
      });
      await mkdir(this.dir, { recursive: true });
      await writeFile(`${file}.tmp`, info.message as Buffer);
      await rename(`${file}.tmp`, file);
      return { messageId: info.messageId, destination: file };
    } catch (error) {
      // Until the rename, no .eml exists: whatever failed, nothing was delivered.
      throw new NotificationServiceError(NotificationErrorCode.MailNotSent, (error as Error).message);
    }
  }
}
