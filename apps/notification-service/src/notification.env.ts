import { IsOptional, IsString, Matches, MinLength } from 'class-validator';
import { BaseEnv } from '@app/common';

/** notification-service settings: where email goes. */
export class NotificationEnv extends BaseEnv {
  /** Send over SMTP (`smtp://user:pass@host:587`, `smtps://…`). Unset: write .eml files to MAIL_DIR instead. */
  @IsOptional()
  @Matches(/^smtps?:\/\/\S+$/, { message: 'SMTP_URL must be an smtp:// or smtps:// URL' })
  SMTP_URL?: string;

  /** Where emails are written when there is no SMTP_URL; relative paths start at the working directory. */
  @IsString()
  @MinLength(1, { message: 'MAIL_DIR must not be empty' })
  MAIL_DIR = '.infra/mail';

  @IsString()
  @MinLength(3, { message: 'MAIL_FROM must be an address, e.g. "CommerceX <no-reply@shop.example>"' })
  MAIL_FROM = 'CommerceX <no-reply@commercex.local>';

  override crossCheck(): string[] {
    const problems = super.crossCheck();
    // Files in a folder reach nobody: in production that would be silent loss of every email.
    if (this.NODE_ENV === 'production' && !this.SMTP_URL) {
      problems.push('SMTP_URL is required when NODE_ENV=production (without it, emails are only written to files)');
    }
    return problems;
  }
}
