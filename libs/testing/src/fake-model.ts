import { Types } from 'mongoose';
import { Doc, Filter, Projection, Sort, clone, compareBy, matches, project, same } from './fake-filter';

/**
 * The part of a mongoose Model the services use, in memory: create, find,
 * findOne, findById, exists, countDocuments, updateOne and updateMany
 * ($set), replaceOne, deleteOne and deleteMany, with the filters of
 * fake-filter.ts, projection, sort, skip, limit and cursor(). Unique indexes (one field or several)
 * refuse a repeated insert with code 11000, as MongoDB and FerretDB do. Every
 * call yields to the event loop first, so concurrent callers interleave the
 * way they do against a real database; every query is thenable, like
 * mongoose's, as well as having exec().
 */
export class FakeModel {
  readonly docs: Doc[] = [];

  constructor(private readonly uniqueKeys: string[][] = []) {}

  async create(input: Doc): Promise<Doc> {
    await tick();
    const doc: Doc = { _id: new Types.ObjectId(), ...clone(input) };
    for (const keys of [['_id'], ...this.uniqueKeys]) {
      if (this.docs.some((d) => keys.every((k) => same(d[k], doc[k])))) {
        throw duplicateKeyError(keys);
      }
    }
    this.docs.push(doc);
    return asDocument(doc);
  }

  find(filter: Filter = {}, projection?: Projection) {
    return new FakeQuery(() => this.docs.filter((d) => matches(d, filter)), projection);
  }

  findOne(filter: Filter = {}, projection?: Projection) {
    return new FakeQuery(() => this.docs.filter((d) => matches(d, filter)), projection, true);
  }

  findById(id: unknown, projection?: Projection) {
    return this.findOne({ _id: id }, projection);
  }

  exists(filter: Filter) {
    return pending(() => {
      const found = this.docs.find((d) => matches(d, filter));
      return found ? { _id: found._id } : null;
    });
  }

  countDocuments(filter: Filter = {}) {
    return pending(() => this.docs.filter((d) => matches(d, filter)).length);
  }

  updateOne(filter: Filter, update: { $set?: Doc }, options: { upsert?: boolean } = {}) {
    const unknown = Object.keys(update).filter((op) => op !== '$set');
    if (unknown.length > 0) throw new Error(`FakeModel.updateOne does not know ${unknown.join(', ')}`);
    return pending(() => {
      const doc = this.docs.find((d) => matches(d, filter));
      const before = JSON.stringify(doc);
      if (doc) Object.assign(doc, clone(update.$set));
      else if (options.upsert) this.docs.push({ _id: filter._id ?? new Types.ObjectId(), ...clone(update.$set) });
      return { matchedCount: doc ? 1 : 0, modifiedCount: doc && JSON.stringify(doc) !== before ? 1 : 0 };
    });
  }

  updateMany(filter: Filter, update: { $set?: Doc }) {
    const unknown = Object.keys(update).filter((op) => op !== '$set');
    if (unknown.length > 0) throw new Error(`FakeModel.updateMany does not know ${unknown.join(', ')}`);
    return pending(() => {
      const docs = this.docs.filter((d) => matches(d, filter));
      let modifiedCount = 0;
      for (const doc of docs) {
        const before = JSON.stringify(doc);
        Object.assign(doc, clone(update.$set));
        if (JSON.stringify(doc) !== before) modifiedCount++;
      }
      return { matchedCount: docs.length, modifiedCount };
    });
  }

  replaceOne(filter: Filter, replacement: Doc, options: { upsert?: boolean } = {}) {
    return pending(() => {
      const index = this.docs.findIndex((d) => matches(d, filter));
      if (index >= 0) this.docs[index] = { _id: this.docs[index]._id, ...clone(replacement) };
      else if (options.upsert) this.docs.push({ _id: filter._id ?? new Types.ObjectId(), ...clone(replacement) });
      return { matchedCount: index >= 0 ? 1 : 0 };
    });
  }

  deleteOne(filter: Filter) {
    return pending(() => {
      const index = this.docs.findIndex((d) => matches(d, filter));
      if (index >= 0) this.docs.splice(index, 1);
      return { deletedCount: index >= 0 ? 1 : 0 };
    });
  }

  deleteMany(filter: Filter) {
    return pending(() => {
      const before = this.docs.length;
      for (let i = this.docs.length - 1; i >= 0; i--) if (matches(this.docs[i], filter)) this.docs.splice(i, 1);
      return { deletedCount: before - this.docs.length };
    });
  }
}

class FakeQuery {
  private order?: Sort;
  private skipped = 0;
  private limited?: number;

  constructor(
    private readonly source: () => Doc[],
    private readonly projection?: Projection,
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
    await tick();
    const rows = this.rows();
    return this.single ? (rows[0] ?? null) : rows;
  }

  then<A = any, B = never>(
    onDone?: (value: any) => A | PromiseLike<A>,
    onFailed?: (reason: unknown) => B | PromiseLike<B>,
  ) {
    return this.exec().then(onDone, onFailed);
  }

  async *cursor() {
    await tick();
    yield* this.rows();
  }

  private rows(): Doc[] {
    let rows = this.source().map(clone);
    if (this.order) rows.sort((a, b) => compareBy(a, b, this.order!));
    rows = rows.slice(this.skipped, this.limited === undefined ? undefined : this.skipped + this.limited);
    return rows.map((row) => project(row, this.projection));
  }
}

/** A write or count that runs when awaited or exec()'d, like a mongoose Query. */
function pending<T>(run: () => T) {
  const exec = async (): Promise<T> => {
    await tick();
    return run();
  };
  return {
    exec,
    lean: () => ({ exec }),
    then: <A = T, B = never>(
      onDone?: (value: T) => A | PromiseLike<A>,
      onFailed?: (reason: unknown) => B | PromiseLike<B>,
    ) => exec().then(onDone, onFailed),
  };
}

/** A copy of the stored document that, like a mongoose document, has toObject() (not enumerable, so not in a spread). */
function asDocument(doc: Doc): Doc {
  const copy = clone(doc);
  return Object.defineProperty(copy, 'toObject', { value: () => clone(doc), enumerable: false });
}

const tick = () => new Promise<void>((resolve) => setImmediate(resolve));

/** The error MongoDB and FerretDB raise when a unique index refuses an insert, for fakes of a collection. */
export function duplicateKeyError(keys: string[]): Error {
  return Object.assign(new Error(`E11000 duplicate key error: ${keys.join('+')}`), { code: 11000 });
}
