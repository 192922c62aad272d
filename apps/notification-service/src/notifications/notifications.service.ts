import { Injectable, Logger, OnApplicationBootstrap, OnModuleInit } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model, Types } from 'mongoose';
import { AuthUser, Role } from '@app/auth';
import { ensureIndexes, insertOnce } from '@app/common';
import { EventMap } from '@app/events';
import { NotificationErrorCode, NotificationServiceError } from '../errors/notification-service.error';
import { MailTransport, SentMail } from '../mail/mail-transport';
import { NotificationViewDto } from './dto/notification-view.dto';
import { NotifiedTopic, RenderedEmail, renderEmail } from './email-templates';
import { Notification } from './notification.schema';

/** The most notifications one list answers, newest first. */
export const LIST_LIMIT = 100;

/** A claim older than this that is still SENDING was interrupted, not slow. */
export const STUCK_AFTER_MS = 60_000;

type Claim = Omit<Notification, 'sentAt' | 'messageId' | 'error'> & { _id: Types.ObjectId };

/**
 * Emails the customer once per saga event and keeps the log. Claim, then
 * send, then record: a crash can leave an email unconfirmed (a SENDING row,
 * reported at start-up) but can never make it go out twice.
 */
@Injectable()
export class NotificationsService implements OnModuleInit, OnApplicationBootstrap {
  private readonly logger = new Logger(NotificationsService.name);

  constructor(
    @InjectModel(Notification.name) private readonly log: Model<Notification>,
    private readonly transport: MailTransport,
  ) {}

  onModuleInit(): Promise<void> {
    return ensureIndexes(this.log);
  }

  async onApplicationBootstrap(): Promise<void> {
    const unconfirmed = await this.log
      .countDocuments({
        status: { $in: ['SENDING', 'UNCERTAIN'] },
        createdAt: { $lt: new Date(Date.now() - STUCK_AFTER_MS) },
      })
      .exec();
    if (unconfirmed > 0) {
      this.logger.warn(
        `${unconfirmed} email(s) in status SENDING or UNCERTAIN may not have reached the customer; they are not retried automatically (see GET /notifications)`,
      );
    }
  }

  /**
   * Sends the email an event calls for, unless one was already sent (or
   * attempted) for this order and type. Resolves to the log entry, or null
   * for a repeat.
   */
  async notify<T extends NotifiedTopic>(type: T, event: EventMap[T]): Promise<NotificationViewDto | null> {
    const email = renderEmail(type, event);
    const claim: Claim = {
      _id: new Types.ObjectId(),
      orderId: event.orderId.toLowerCase(),
      type,
      eventId: event.eventId,
      userId: event.userId.toLowerCase(),
      to: event.userEmail,
      subject: email.subject,
      status: 'SENDING',
      createdAt: new Date(),
    };
    if (!(await insertOnce(this.log, claim))) {
      this.logger.log({ message: 'already notified; not sending again', orderId: claim.orderId, type });
      return null;
    }
    const sent = await this.send(claim, email);
    const sentAt = new Date();
    await this.log
      .updateOne({ _id: claim._id }, { $set: { status: 'SENT', sentAt, messageId: sent.messageId } })
      .exec();
    this.logger.log({ message: `email sent to ${sent.destination}`, orderId: claim.orderId, type });
    return toView({ ...claim, status: 'SENT', sentAt });
  }

  /** A customer sees their own notifications (another's are simply not in the list); an admin sees all. */
  async list(user: AuthUser, orderId?: string): Promise<NotificationViewDto[]> {
    const filter: Record<string, string> = {};
    if (user.role !== Role.Admin) filter.userId = user.userId.toLowerCase();
    if (orderId) filter.orderId = orderId;
    const entries = await this.log.find(filter).sort({ createdAt: -1 }).limit(LIST_LIMIT).lean().exec();
    return entries.map(toView);
  }

  private async send(claim: Claim, email: RenderedEmail): Promise<SentMail> {
    try {
      return await this.transport.send({
        to: claim.to,
        subject: email.subject,
        text: email.text,
        reference: `${claim.orderId}.${claim.type}.${claim._id.toHexString()}`,
        headers: { 'X-CommerceX-Order-Id': claim.orderId, 'X-CommerceX-Event-Id': claim.eventId },
      });
    } catch (error) {
      if (error instanceof NotificationServiceError && error.code === NotificationErrorCode.MailNotSent) {
        // Nothing left the service: give the claim back, so the retry (or a replay from the DLQ) can send it.
        await this.log.deleteOne({ _id: claim._id }).exec();
      } else {
        // It may have gone out: keep the claim, so nothing sends it again, and say so.
        const reason = error instanceof Error ? error.message : String(error);
        await this.log.updateOne({ _id: claim._id }, { $set: { status: 'UNCERTAIN', error: reason } }).exec();
      }
      throw error;
    }
  }
}

function toView(entry: Omit<Notification, 'messageId' | 'error'> & { _id: unknown }): NotificationViewDto {
  const view: NotificationViewDto = {
    _id: String(entry._id),
    orderId: entry.orderId,
    userId: entry.userId,
    type: entry.type,
    eventId: entry.eventId,
    to: entry.to,
    subject: entry.subject,
    status: entry.status,
    createdAt: entry.createdAt,
  };
  if (entry.sentAt) view.sentAt = entry.sentAt;
  return view;
}
