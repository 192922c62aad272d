import { Injectable, OnModuleInit, Optional } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { InjectConnection } from '@nestjs/mongoose';
import type { Connection, Model } from 'mongoose';
import { BaseEnv, RetentionJob, RetentionRule, daysBefore } from '@app/common';
import { hasOutbox } from './outbox/with-outbox';

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
 * database: the outbox of every model whose schema went through
 * withOutbox(), found on the connection as the relay finds them, so no
 * model's outbox is forgotten.
 */
@Injectable()
export class EventsRetention implements OnModuleInit {
  private readonly outboxDays: number;

  constructor(
    config: ConfigService<BaseEnv, true>,
    // A service without a database has neither a job nor anything to remove.
    @Optional() private readonly job?: RetentionJob,
    @Optional() @InjectConnection() private readonly connection?: Pick<Connection, 'models'>,
  ) {
    this.outboxDays = config.get('OUTBOX_RETENTION_DAYS', { infer: true });
  }

  onModuleInit(): void {
    if (!this.job) return;
    for (const model of Object.values(this.connection?.models ?? {}))
      if (hasOutbox(model.schema)) this.job.register(outboxRule(model, this.outboxDays));
  }
}
