import { Types } from 'mongoose';

type Doc = Record<string, unknown> & { _id: Types.ObjectId };
type Filter = Record<string, unknown>;

/**
 * The part of a mongoose Model that the services use, in memory, with unique
 * indexes: an insert that repeats a unique key (one field or several) fails
 * with code 11000, as it does on MongoDB and FerretDB. Every call yields to the event loop first, so
 * concurrent callers interleave the way they do against a real database.
 */
export class FakeModel {
  readonly docs: Doc[] = [];

  constructor(private readonly uniqueKeys: string[][]) {}

  exists(filter: Filter) {
    return query(() => (this.docs.some((d) => matches(d, filter)) ? { _id: new Types.ObjectId() } : null));
  }

  countDocuments(filter: Filter) {
    return query(() => this.docs.filter((d) => matches(d, filter)).length);
  }

  findOne(filter: Filter) {
    return query(() => copy(this.docs.find((d) => matches(d, filter)) ?? null));
  }

  findById(id: unknown) {
    return this.findOne({ _id: id });
  }

  find(filter: Filter) {
    let sort: [string, number] | undefined;
    let limit = Infinity;
    const run = () => {
      const found = this.docs.filter((d) => matches(d, filter)).map((d) => copy(d)!);
      if (sort) {
        const [field, direction] = sort;
        found.sort((a, b) => (Number(a[field]) - Number(b[field])) * direction);
      }
      return found.slice(0, limit);
    };
    const chain = {
      sort: (spec: Record<string, number>) => ((sort = Object.entries(spec)[0]), chain),
      limit: (n: number) => ((limit = n), chain),
      ...query(run),
    };
    return chain;
  }

  async create(doc: Record<string, unknown>) {
    await tick();
    const stored = { _id: new Types.ObjectId(), ...clone(doc) } as Doc;
    for (const key of [['_id'], ...this.uniqueKeys]) {
      if (this.docs.some((d) => key.every((field) => String(d[field]) === String(stored[field])))) {
        throw Object.assign(new Error(`E11000 duplicate key error: ${key.join('+')}`), { code: 11000 });
      }
    }
    this.docs.push(stored);
    return stored;
  }

  updateOne(filter: Filter, update: { $set: Record<string, unknown> }) {
    return query(() => {
      const doc = this.docs.find((d) => matches(d, filter));
      if (doc) Object.assign(doc, clone(update.$set));
      return { matchedCount: doc ? 1 : 0 };
    });
  }

  deleteOne(filter: Filter) {
    return query(() => {
      const index = this.docs.findIndex((d) => matches(d, filter));
      if (index >= 0) this.docs.splice(index, 1);
      return { deletedCount: index >= 0 ? 1 : 0 };
    });
  }
}

function query<T>(run: () => T) {
  const exec = async () => {
    await tick();
    return run();
  };
  return { exec, lean: () => ({ exec }) };
}

const tick = () => new Promise<void>((resolve) => setImmediate(resolve));

function copy(doc: Doc | null): Doc | null {
  return doc && clone(doc);
}

/** A deep copy that keeps ObjectIds and Dates what they are, as a driver round trip would. */
function clone<T>(value: T): T {
  if (value instanceof Types.ObjectId) return new Types.ObjectId(value.toHexString()) as T;
  if (value instanceof Date) return new Date(value) as T;
  if (Array.isArray(value)) return value.map(clone) as T;
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, clone(v)])) as T;
  }
  return value;
}

function matches(doc: Doc, filter: Filter): boolean {
  return Object.entries(filter).every(([key, want]) => {
    const have = doc[key];
    if (want !== null && typeof want === 'object' && !(want instanceof Types.ObjectId)) {
      const ops = want as { $in?: unknown[]; $lt?: Date };
      if (ops.$in && !ops.$in.some((v) => String(v) === String(have))) return false;
      if (ops.$lt && !(have instanceof Date && have < ops.$lt)) return false;
      return true;
    }
    return String(have) === String(want);
  });
}
