import { resolve } from 'node:path';
import { Logger, Module } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { NotificationEnv } from '../notification.env';
import { FileMailTransport } from './file-mail.transport';
import { MailTransport } from './mail-transport';
import { SmtpMailTransport } from './smtp-mail.transport';

/** The MailTransport: SMTP when SMTP_URL is set, else .eml files in MAIL_DIR. */
@Module({
  providers: [
    {
      provide: MailTransport,
      inject: [ConfigService],
      useFactory: (config: ConfigService<NotificationEnv, true>): MailTransport => {
        const from = config.get('MAIL_FROM', { infer: true });
        const url = config.get('SMTP_URL', { infer: true });
        const transport = url
          ? new SmtpMailTransport(url, from)
          : new FileMailTransport(resolve(config.get('MAIL_DIR', { infer: true })), from);
        new Logger(MailModule.name).log(`email goes to ${transport.describe()}`);
        return transport;
      },
    },
  ],
  exports: [MailTransport],
})
export class MailModule {}
