import { Model } from 'mongoose';

/**
 * Creates a model's indexes and waits for them, then checks that every unique
 * index really exists. Correctness here rests on unique indexes (one account
 * per email, each refresh token redeemed once), so a database that did not
 * build one must stop the start, not surface later as a double redemption.
 * Schemas using this set `autoIndex: false` so the work is not done twice.
 */
const NAMESPACE_NOT_FOUND = 26;

export async function ensureIndexes(model: Model<any>): Promise<void> {
  await model.createIndexes();
  const existing = await model.listIndexes().catch((error: { code?: number }) => {
    // A schema with no index but _id leaves a new collection uncreated (on a fresh database it
    // is not there yet); it has no index to list, and so none missing.
    if (error?.code === NAMESPACE_NOT_FOUND) return [];
    throw error;
  });
  const missing = model.schema
    .indexes()
    .filter(([, options]) => options?.unique)
    .map(([fields]) => fields)
    .filter((fields) => !existing.some((index) => index.unique && sameKeys(index.key, fields)));
  if (missing.length > 0) {
    const names = missing.map((fields) => Object.keys(fields).join('+')).join(', ');
    throw new Error(`collection ${model.collection.name} lacks its unique index on ${names}`);
  }
}

function sameKeys(a: Record<string, unknown>, b: Record<string, unknown>): boolean {
  return JSON.stringify(Object.entries(a)) === JSON.stringify(Object.entries(b));
}
