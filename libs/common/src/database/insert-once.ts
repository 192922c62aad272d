import { HydratedDocument, Model } from 'mongoose';

/**
 * Inserts a document whose unique key stands for "this happened once" (a
 * charge, a claim, a step): the new document when this call wrote it, null when the key
 * was already taken, by an earlier delivery or a concurrent writer. It is the
 * one place that knows how a database reports a duplicate key, and the write
 * FerretDB keeps safe under concurrency (a conditional update is not).
 */
export async function insertOnce<T>(
  model: Model<T>,
  doc: Partial<T> | Record<string, unknown>,
): Promise<HydratedDocument<T> | null> {
  try {
    return (await model.create(doc as Parameters<Model<T>['create']>[0])) as HydratedDocument<T>;
  } catch (error) {
    if (isDuplicateKeyError(error)) return null;
    throw error;
  }
}

/**
 * Replaces the document `filter` names, or inserts it when there is none yet.
 * Two first writers can both find none and race to insert; the loser then
 * replaces what the winner wrote, so the result is the same as with one.
 */
export async function replaceOrInsert<T>(
  model: Model<T>,
  filter: Record<string, unknown>,
  doc: Partial<T>,
): Promise<void> {
  try {
    await model.replaceOne(filter, doc, { upsert: true }).exec();
  } catch (error) {
    if (!isDuplicateKeyError(error)) throw error;
    await model.replaceOne(filter, doc).exec();
  }
}

/** MongoDB (and FerretDB) report a unique-index violation as code 11000. */
export function isDuplicateKeyError(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === 11000;
}
