import { Types } from 'mongoose';

export type Doc = Record<string, any>;
export type Filter = Record<string, any>;
export type Sort = Record<string, 1 | -1>;
export type Projection = Record<string, 0 | 1>;

/** A deep copy that keeps ObjectIds and Dates what they are, as a driver round trip would (structuredClone would not). */
export function clone<T>(value: T): T {
  if (value instanceof Types.ObjectId || value === null || typeof value !== 'object') return value;
  if (value instanceof Date) return new Date(value) as T;
  if (Array.isArray(value)) return value.map(clone) as T;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, clone(v)])) as T;
}

/** Equality as a filter or a unique index sees it: an ObjectId equals its hex string, a Date its instant. */
export function same(a: unknown, b: unknown): boolean {
  if (a instanceof Types.ObjectId || b instanceof Types.ObjectId) return String(a) === String(b);
  if (a instanceof Date && b instanceof Date) return a.getTime() === b.getTime();
  return a === b;
}

function compare(a: any, b: any): number {
  const [x, y] = [a instanceof Types.ObjectId ? a.toHexString() : a, b instanceof Types.ObjectId ? b.toHexString() : b];
  return x < y ? -1 : x > y ? 1 : 0;
}

export function compareBy(a: Doc, b: Doc, order: Sort): number {
  for (const [key, direction] of Object.entries(order)) {
    const result = compare(a[key], b[key]) * direction;
    if (result !== 0) return result;
  }
  return 0;
}

/** Inclusion (`{ a: 1 }`, `_id` always kept) or exclusion (`{ outbox: 0 }`), as MongoDB reads a projection. */
export function project(doc: Doc, projection?: Projection): Doc {
  if (!projection) return doc;
  const entries = Object.entries(projection);
  if (entries.every(([, v]) => v === 0)) {
    return Object.fromEntries(Object.entries(doc).filter(([k]) => !(k in projection)));
  }
  return Object.fromEntries(Object.entries(doc).filter(([k]) => k === '_id' || projection[k] === 1));
}

/** A range operator skips a missing field and a null, as MongoDB's does (`{ $lt: date }` never matches null). */
function comparable(value: unknown): boolean {
  return value !== undefined && value !== null;
}

/** A field by its path (`outbox.publishedAt`); undefined where the path stops, at a missing field or a null. */
function valueAt(doc: Doc, path: string): unknown {
  return path
    .split('.')
    .reduce<any>((value, key) => (value === null || typeof value !== 'object' ? undefined : value[key]), doc);
}

/**
 * Whether a document matches a filter: equality, `$in`, `$ne`, `$lt`, `$lte`,
 * `$gt`, `$gte`, `$exists`, `$regex`, `$and` and `$or`, on a field or a dotted
 * path. `null` matches a missing field too, as MongoDB has it. Any other
 * operator throws, so a service that starts using one gets a failing test,
 * not a silent match.
 */
export function matches(doc: Doc, filter: Filter): boolean {
  return Object.entries(filter).every(([key, want]) => {
    if (key === '$and') return (want as Filter[]).every((f) => matches(doc, f));
    if (key === '$or') return (want as Filter[]).some((f) => matches(doc, f));
    const have = valueAt(doc, key);
    if (want === null) return have === undefined || have === null;
    if (typeof want !== 'object' || want instanceof Types.ObjectId || want instanceof Date) return same(have, want);
    return Object.entries(want as Record<string, any>).every(([op, arg]) => {
      switch (op) {
        case '$in':
          return (arg as unknown[]).some((v) => same(have, v));
        case '$ne':
          return arg === null ? have !== undefined && have !== null : !same(have, arg);
        case '$lt':
          return comparable(have) && compare(have, arg) < 0;
        case '$lte':
          return comparable(have) && compare(have, arg) <= 0;
        case '$gt':
          return comparable(have) && compare(have, arg) > 0;
        case '$gte':
          return comparable(have) && compare(have, arg) >= 0;
        case '$exists':
          return (have !== undefined) === arg;
        case '$regex':
          return typeof have === 'string' && new RegExp(arg as string).test(have);
        default:
          throw new Error(`FakeModel does not know ${op}`);
      }
    });
  });
}
