// How big the order-flow collections are and how long the lookups the saga makes
// take on the database right now: the order flow's figures depend on both.
import mongoose from 'mongoose';
import { round } from './stats.mjs';

const RELAYED = {
  'commercex-orders': ['orders', 'order_steps'],
  'commercex-payments': ['payments', 'refunds'],
  'commercex-inventory': ['stock_movements', 'reservations'],
  'commercex-products': ['product_revisions'],
};

const COLLECTIONS = {
  'commercex-orders': ['orders', 'order_steps', 'processed_events'],
  'commercex-payments': ['payments', 'processed_events'],
  'commercex-inventory': ['stock_movements', 'processed_events'],
  'commercex-notifications': ['notifications', 'processed_events'],
};

async function timed(fn, times = 3) {
  const ms = [];
  for (let i = 0; i < times; i++) {
    const started = performance.now();
    await fn();
    ms.push(performance.now() - started);
  }
  return round(ms.sort((a, b) => a - b)[Math.floor(ms.length / 2)], 1); // median
}

export async function dbProbe(mongoUrl = process.env.MONGO_URL ?? 'mongodb://127.0.0.1:27017') {
  const conn = await mongoose.createConnection(mongoUrl, { serverSelectionTimeoutMS: 5_000 }).asPromise();
  try {
    const documents = {};
    for (const [dbName, names] of Object.entries(COLLECTIONS)) {
      const db = conn.useDb(dbName, { useCache: true }).db;
      for (const name of names)
        documents[`${dbName.replace('commercex-', '')}.${name}`] = await db.collection(name).estimatedDocumentCount();
    }
    const orders = conn.useDb('commercex-orders', { useCache: true }).db;
    const inventory = conn.useDb('commercex-inventory', { useCache: true }).db;
    // Lookups of keys that do not exist: the cost of reaching the end of the collection. With an
    // index this is a fraction of a millisecond whatever the size; a scan grows with the collection.
    const lookupMs = {
      processedEventByAbsentId: await timed(() =>
        orders.collection('processed_events').findOne({ _id: 'order-service:bench-probe' }),
      ),
      orderByAbsentId: await timed(() => orders.collection('orders').findOne({ _id: new mongoose.Types.ObjectId() })),
      movementByAbsentKey: await timed(() => inventory.collection('stock_movements').findOne({ key: 'bench-probe' })),
    };
    // What each outbox relay's recovery sweep asks every collection it watches.
    const outboxScanMs = {};
    const budget = performance.now() + 8_000; // on a saturated database each scan can take seconds
    for (const [dbName, names] of Object.entries(RELAYED)) {
      if (performance.now() > budget) break;
      const db = conn.useDb(dbName, { useCache: true }).db;
      for (const name of names) {
        outboxScanMs[`${dbName.replace('commercex-', '')}.${name}`] = await timed(
          () =>
            db
              .collection(name)
              .find({ 'outbox.publishedAt': null, 'outbox.eventId': { $exists: true } })
              .sort({ 'outbox.createdAt': 1 })
              .limit(200)
              .toArray(),
          1,
        );
      }
    }
    lookupMs.outboxSweepTotal = round(
      Object.values(outboxScanMs).reduce((a, b) => a + b, 0),
      1,
    );
    return { documents, lookupMs, outboxScanMs };
  } finally {
    await conn.close();
  }
}
