import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { BaseEnv } from '../../config/base.env';
import { retentionLastSuccess, retentionPassSeconds, retentionRemoved } from './retention-metrics';
import { RetentionRule } from './retention-rule';

/** After a full batch that removed something, the next pass comes this soon instead of an interval later. */
const CATCH_UP_MS = 1000;

/**
 * Keeps a service's storage bounded where FerretDB has no TTL index: at
 * start-up and then every RETENTION_INTERVAL_MS, it removes what each
 * registered rule says has expired, at most RETENTION_BATCH documents per
 * rule and pass. Finding them scans the collection on FerretDB, so it never
 * runs on a request's path; removing them is one write by _id per document,
 * one at a time, so it never holds more than one pooled connection. Every
 * instance of a service runs it; a document two of them find is removed once.
 */
@Injectable()
export class RetentionJob implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(RetentionJob.name);
  private readonly rules: RetentionRule[] = [];
  private readonly enabled: boolean;
  private readonly intervalMs: number;
  private readonly batch: number;
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;
  private stopped = false;

  constructor(config: ConfigService<BaseEnv, true>) {
    this.enabled = config.get('RETENTION', { infer: true }) === 'on';
    this.intervalMs = config.get('RETENTION_INTERVAL_MS', { infer: true });
    this.batch = config.get('RETENTION_BATCH', { infer: true });
  }

  /** Adds a rule to every pass; called from a provider's onModuleInit, before the first pass. */
  register(rule: RetentionRule): void {
    this.rules.push(rule);
    // The series exists from the start, so a dashboard sees 0 rather than nothing.
    retentionRemoved.inc({ collection: rule.name }, 0);
  }

  onApplicationBootstrap(): void {
    if (this.rules.length === 0) return;
    const names = this.rules.map((rule) => rule.name).join(', ');
    if (!this.enabled) {
      this.logger.log(`retention is off (RETENTION=off); nothing removed from ${names}`);
      return;
    }
    this.logger.log(`retention every ${this.intervalMs} ms, at most ${this.batch} per collection and pass: ${names}`);
    this.schedule(0);
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
  }

  /**
   * One pass over every rule; a rule that fails is logged and tried again on
   * the next pass. Answers whether a rule filled its batch, so more may wait.
   */
  async runOnce(now = new Date()): Promise<boolean> {
    const stopTimer = retentionPassSeconds.startTimer();
    const removed: Record<string, number> = {};
    let more = false;
    for (const rule of this.rules) {
      if (this.stopped) break;
      try {
        const result = await this.apply(rule, now);
        removed[rule.name] = result.removed;
        // A full batch of which nothing changed (another instance was first) is no reason to hurry.
        more ||= result.found === this.batch && result.removed > 0;
        retentionLastSuccess.set({ collection: rule.name }, Date.now() / 1000);
      } catch (error) {
        this.logger.warn(`retention of ${rule.name} failed, tried again next pass: ${(error as Error).message}`);
      }
    }
    const seconds = stopTimer();
    const total = Object.values(removed).reduce((sum, n) => sum + n, 0);
    const line = { message: 'retention pass', removed, seconds: Number(seconds.toFixed(3)) };
    if (total > 0) this.logger.log(line);
    else this.logger.debug(line);
    return more;
  }

  private schedule(delayMs: number): void {
    this.timer = setTimeout(() => {
      this.running = this.runOnce().then((more) => {
        this.running = undefined;
        if (!this.stopped) this.schedule(more ? CATCH_UP_MS : this.intervalMs);
      });
    }, delayMs);
  }

  private async apply(rule: RetentionRule, now: Date): Promise<{ found: number; removed: number }> {
    const expired: Array<{ _id: unknown }> = await rule.model
      .find(rule.expired(now), { _id: 1 })
      .limit(this.batch)
      .lean()
      .exec();
    let removed = 0;
    for (const { _id } of expired) {
      if (this.stopped) break;
      const done = rule.clear
        ? (await rule.model.updateOne({ _id }, rule.clear).exec()).modifiedCount
        : (await rule.model.deleteOne({ _id }).exec()).deletedCount;
      retentionRemoved.inc({ collection: rule.name }, done);
      removed += done;
    }
    return { found: expired.length, removed };
  }
}
