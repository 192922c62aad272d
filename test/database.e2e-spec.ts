import mongoose, { Connection } from 'mongoose';
import services from '../libs/common/src/services.json';
import { eventually } from './support/eventually';

const MONGO_URL = process.env.MONGO_URL ?? `mongodb://127.0.0.1:${process.env.FERRETDB_PORT ?? 27017}`;

/**
 * Every hot path reads and writes by _id, so that lookup must come from an
 * index. On FerretDB that needs our patch of its index declarations
 * (infra/ferretdb/patches/index-expression.json): without it, SQLite scans the table.
 */
const FROM_AN_INDEX = /USING (COVERING )?INDEX|IDHACK|EXPRESS_IXSCAN|IXSCAN|CLUSTERED_IXSCAN/;

async function planOf(connection: Connection, database: string, collection: string): Promise<string> {
  const target = connection.getClient().db(database).collection(collection);
  // A real lookup first: SQLite notices a schema change (a new index) when it runs a statement, not when it explains one.
  await target.findOne({ _id: 'probe' as never });
  const explained = await target.find({ _id: 'probe' as never }).explain();
  return JSON.stringify(explained.queryPlanner);
}

describe('database', () => {
  let connection: Connection;

  beforeAll(async () => {
    connection = await mongoose.createConnection(MONGO_URL).asPromise();
  });

  afterAll(async () => {
    await connection.getClient().db('commercex-e2e-scratch').dropDatabase();
    await connection.close();
  });

  it('looks documents up by _id through an index, in every collection of every service', async () => {
    const databases = Object.values(services)
      .map((service) => service.database)
      .filter((database): database is string => database !== null);
    const plans: Array<{ collection: string; plan: string }> = [];
    for (const database of databases) {
      const collections = await connection.getClient().db(database).listCollections().toArray();
      for (const { name } of collections) {
        plans.push({ collection: `${database}.${name}`, plan: await planOf(connection, database, name) });
      }
    }

    expect(plans.map((p) => p.collection)).toEqual(
      expect.arrayContaining(['commercex-orders.orders', 'commercex-inventory.stock_movements']),
    );
    expect(plans.filter((p) => !FROM_AN_INDEX.test(p.plan))).toEqual([]);
  });

  it('indexes a collection created after start-up too', async () => {
    const scratch = connection.getClient().db('commercex-e2e-scratch');
    const name = `created_${Date.now()}`;
    await scratch.collection(name).insertOne({ _id: 'first' as never });

    const plan = await eventually(
      () => planOf(connection, 'commercex-e2e-scratch', name),
      (p) => FROM_AN_INDEX.test(p),
      { timeoutMs: 10_000, what: `an index for _id lookups in ${name}` },
    );
    expect(plan).toMatch(FROM_AN_INDEX);
  });

  // FerretDB's SQLite pool has 100 connections per database, and an update
  // holds one while it waits for another: 100 updates in flight deadlocked the
  // pool for good (issue 19). Our FerretDB main lets at most 64 requests in.
  it('keeps answering after far more concurrent updates to one database than it has connections', async () => {
    const burst = new mongoose.mongo.MongoClient(MONGO_URL, { maxPoolSize: 300 });
    try {
      // One update per document: FerretDB's update is a read, then a write,
      // so concurrent updates of one document could overwrite each other.
      const docs = burst.db('commercex-e2e-burst').collection<{ _id: string; done: boolean }>('flags');
      await docs.deleteMany({});
      const ids = Array.from({ length: 3_000 }, (_, i) => `f${i}`);
      await docs.insertMany(ids.map((_id) => ({ _id, done: false })));

      const results = await Promise.all(ids.map((_id) => docs.updateOne({ _id }, { $set: { done: true } })));

      expect(results.filter((r) => r.modifiedCount === 1)).toHaveLength(ids.length);
      expect(await docs.countDocuments({ done: true })).toBe(ids.length);
    } finally {
      await burst.db('commercex-e2e-burst').dropDatabase();
      await burst.close();
    }
  }, 120_000);
});
