import type { Model, QueryFilter, UpdateQuery } from 'mongoose';

/**
 * What the retention job removes from one collection: the documents
 * `expired` matches, deleted; or, when the document itself must stay,
 * updated with `clear` (a business document's published outbox message).
 */
export interface RetentionRule {
  /** What it removes, as the `collection` label of retention_removed_total: `processed_events`, `orders.outbox`. */
  name: string;
  model: Model<any>;
  /** The filter of what has expired at `now`. It scans on FerretDB: the job runs it once per batch, off the hot path. */
  expired(now: Date): QueryFilter<any>;
  /** The update that clears an expired document instead of deleting it. */
  clear?: UpdateQuery<any>;
}

const DAY_MS = 86_400_000;

/** The instant `days` days before `now`. */
export function daysBefore(now: Date, days: number): Date {
  return new Date(now.getTime() - days * DAY_MS);
}
