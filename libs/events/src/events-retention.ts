import { Injectable, OnModuleInit, Optional } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { InjectConnection, InjectModel } from '@nestjs/mongoose';
import type { Connection, Model } from 'mongoose';
import { BaseEnv, RetentionJob, RetentionRule, daysBefore } from '@app/common';
import { ProcessedEvent } from './consumer/processed-event.schema';
import { hasOutbox } from './outbox/with-outbox';

/**
 * A consumer's record of an event it processed, once it is older than
 * `days`: by then Kafka no longer holds the event to deliver it again, and
 * a replay that still came would be stopped by the handler's own unique
 * index (docs/EVENTS.md, "Exactly once in effect").
 */
export function processedEventsRule(model: Model<ProcessedEvent>, days: number): RetentionRule {
  return {
    name: model.collection.name,
    model,
    expired: (now) => ({ processedAt: { $lt: daysBefore(now, days) } }),
  };
}

/**
 * A document's outbox message, published more than `days` ago, set to null;
 * the document itself stays. Nothing reads a published message (every read
 * projects `outbox` out), and a null outbox is what a document written
 * without an event has: the relay's sweep asks for an `outbox.eventId`, so
 * it never sends a cleared one again.
 */
export function outboxRule(model: Model<any>, days: number): RetentionRule {
  return {
    name: `${model.collection.name}.outbox`,
    model,
    expired: (now) => ({ 'outbox.publishedAt': { $lt: daysBefore(now, days) } }),
    clear: { $set: { outbox: null } },
  };
}

/**
 * Gives the service's RetentionJob what the events lib keeps in its
 * database: the consumer's processed_events, and the outbox of every model
 * whose schema went through withOutbox(), found on the connection as the
 * relay finds them, so no model's outbox is forgotten.
 */
@Injectable()
export class EventsRetention implements OnModuleInit {
  private readonly processedDays: number;
  private readonly outboxDays: number;

  constructor(
    config: ConfigService<BaseEnv, true>,
    // A service without a database has neither a job nor anything to remove.
    @Optional() private readonly job?: RetentionJob,
    @Optional() @InjectConnection() private readonly connection?: Pick<Connection, 'models'>,
    // Only a consuming service has processed events.
    @Optional() @InjectModel(ProcessedEvent.name) private readonly processed?: Model<ProcessedEvent>,
  ) {
    this.processedDays = config.get('PROCESSED_EVENTS_RETENTION_DAYS', { infer: true });
    this.outboxDays = config.get('OUTBOX_RETENTION_DAYS', { infer: true });
  }

  onModuleInit(): void {
    if (!this.job) return;
    if (this.processed) this.job.register(processedEventsRule(this.processed, this.processedDays));
    for (const model of Object.values(this.connection?.models ?? {}))
      if (hasOutbox(model.schema)) this.job.register(outboxRule(model, this.outboxDays));
  }
}
