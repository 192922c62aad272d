import { Types } from 'mongoose';

type Doc = Record<string, any>;
type Filter = Record<string, any>;
type Sort = Record<string, 1 | -1>;

/**
 * An in-memory stand-in for the few mongoose Model calls the catalog makes:
 * equality, $in, $lt/$lte/$gte, $exists, $regex and $and filters, sort,
 * skip, limit, and unique indexes that refuse a duplicate insert with code
 * 11000 like MongoDB. Enough to test services without a database.
 */
export class FakeModel {
  readonly docs: Doc[] = [];

  constructor(private readonly uniqueKeys: string[][] = []) {}

  async create(input: Doc): Promise<Doc> {
    const doc: Doc = { _id: new Types.ObjectId(), ...clone(input) };
    for (const keys of [['_id'], ...this.uniqueKeys]) {
      if (this.docs.some((d) => keys.every((k) => same(d[k], doc[k])))) {
        throw Object.assign(new Error('E11000 duplicate key error'), { code: 11000 });
      }
    }
    this.docs.push(doc);
    return { ...doc, toObject: () => clone(doc) };
  }

  find(filter: Filter = {}, projection?: Record<string, 0 | 1>) {
    return new FakeQuery(() => this.docs.filter((d) => matches(d, filter)), projection);
  }

  findOne(filter: Filter = {}, projection?: Record<string, 0 | 1>) {
    return new FakeQuery(() => this.docs.filter((d) => matches(d, filter)), projection, true);
  }

  findById(id: string | Types.ObjectId) {
    return this.findOne({ _id: new Types.ObjectId(String(id)) });
  }

  countDocuments(filter: Filter = {}) {
    return execOf(async () => this.docs.filter((d) => matches(d, filter)).length);
  }

  deleteOne(filter: Filter) {
    return execOf(async () => {
      const index = this.docs.findIndex((d) => matches(d, filter));
      if (index >= 0) this.docs.splice(index, 1);
      return { deletedCount: index >= 0 ? 1 : 0 };
    });
  }

  deleteMany(filter: Filter) {
    return execOf(async () => {
      const before = this.docs.length;
      for (let i = this.docs.length - 1; i >= 0; i--) if (matches(this.docs[i], filter)) this.docs.splice(i, 1);
      return { deletedCount: before - this.docs.length };
    });
  }

  replaceOne(filter: Filter, replacement: Doc, options: { upsert?: boolean } = {}) {
    return execOf(async () => {
      const index = this.docs.findIndex((d) => matches(d, filter));
      if (index >= 0) this.docs[index] = { _id: this.docs[index]._id, ...clone(replacement) };
      else if (options.upsert) this.docs.push({ _id: filter._id ?? new Types.ObjectId(), ...clone(replacement) });
      return { matchedCount: index >= 0 ? 1 : 0 };
    });
  }
}

class FakeQuery {
  private order?: Sort;
  private skipped = 0;
  private limited?: number;

  constructor(
    private readonly source: () => Doc[],
    private readonly projection?: Record<string, 0 | 1>,
    private readonly single = false,
  ) {}

  sort(order: Sort) {
    this.order = order;
    return this;
  }

  skip(n: number) {
    this.skipped = n;
    return this;
  }

  limit(n: number) {
    this.limited = n;
    return this;
  }

  lean<T = any>() {
    return this as unknown as FakeQuery & { exec(): Promise<T> };
  }

  async exec(): Promise<any> {
    const rows = this.rows();
    return this.single ? (rows[0] ?? null) : rows;
  }

  async *cursor() {
    yield* this.rows();
  }

  private rows(): Doc[] {
    let rows = this.source().map(clone);
    if (this.order) rows.sort((a, b) => compareBy(a, b, this.order!));
    rows = rows.slice(this.skipped, this.limited === undefined ? undefined : this.skipped + this.limited);
    return rows.map((row) => project(row, this.projection));
  }
}

function execOf<T>(run: () => Promise<T>) {
  return { exec: run };
}

/** A deep copy that keeps ObjectIds and Dates what they are (structuredClone would not). */
function clone<T>(value: T): T {
  if (value instanceof Types.ObjectId || value === null || typeof value !== 'object') return value;
  if (value instanceof Date) return new Date(value) as T;
  if (Array.isArray(value)) return value.map(clone) as T;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, clone(v)])) as T;
}

function same(a: unknown, b: unknown): boolean {
  if (a instanceof Types.ObjectId || b instanceof Types.ObjectId) return String(a) === String(b);
  return a === b;
}

function compare(a: any, b: any): number {
  const [x, y] = [a instanceof Types.ObjectId ? a.toHexString() : a, b instanceof Types.ObjectId ? b.toHexString() : b];
  return x < y ? -1 : x > y ? 1 : 0;
}

function compareBy(a: Doc, b: Doc, order: Sort): number {
  for (const [key, direction] of Object.entries(order)) {
    const result = compare(a[key], b[key]) * direction;
    if (result !== 0) return result;
  }
  return 0;
}

function project(doc: Doc, projection?: Record<string, 0 | 1>): Doc {
  if (!projection) return doc;
  const entries = Object.entries(projection);
  if (entries.every(([, v]) => v === 0)) {
    return Object.fromEntries(Object.entries(doc).filter(([k]) => !(k in projection)));
  }
  return Object.fromEntries(Object.entries(doc).filter(([k]) => k === '_id' || projection[k] === 1));
}

function matches(doc: Doc, filter: Filter): boolean {
  return Object.entries(filter).every(([key, want]) => {
    if (key === '$and') return (want as Filter[]).every((f) => matches(doc, f));
    const have = doc[key];
    if (want instanceof Types.ObjectId || typeof want !== 'object' || want === null) return same(have, want);
    return Object.entries(want as Record<string, any>).every(([op, arg]) => {
      switch (op) {
        case '$in':
          return (arg as unknown[]).some((v) => same(have, v));
        case '$lt':
          return have !== undefined && compare(have, arg) < 0;
        case '$lte':
          return have !== undefined && compare(have, arg) <= 0;
        case '$gte':
          return have !== undefined && compare(have, arg) >= 0;
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
