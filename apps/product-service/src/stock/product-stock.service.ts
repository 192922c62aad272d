import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model, Types } from 'mongoose';
import { ensureIndexes, insertOnce } from '@app/common';
import { CatalogCache } from '../cache/catalog-cache.service';
import { ProductStock } from './product-stock.schema';

/** Where versions before one-document-per-product kept a row per report. */
const LEGACY_COLLECTION = 'product_stock';

export interface StockFigure {
  productId: string;
  sequence: number;
  stock: number;
}

/**
 * The catalog's copy of inventory's stock: one document per product, newest
 * sequence wins, whatever order reports arrive in. A newer report replaces
 * the figure only if it is still the one read (compare-and-swap on its
 * sequence): atomic on MongoDB. FerretDB runs that swap as read-then-write
 * (docs/EVENTS.md), which matters only if two consumers write one product at
 * once: each product's reports come from one Kafka partition, which one
 * consumer owns at a time (the overlap of a rebalance aside). The swap's
 * two-field filter is the one non-_id filter on a hot path: on FerretDB it
 * scans this collection, which holds one small document per product.
 */
@Injectable()
export class ProductStockService implements OnModuleInit {
  private readonly logger = new Logger(ProductStockService.name);

  constructor(
    @InjectModel(ProductStock.name) private readonly stock: Model<ProductStock>,
    private readonly cache: CatalogCache,
  ) {}

  async onModuleInit(): Promise<void> {
    await ensureIndexes(this.stock);
    await this.adoptLegacyRows();
  }

  /** Idempotent: a repeated or older report changes nothing and leaves the cache alone. */
  async record(report: StockFigure): Promise<void> {
    const _id = new Types.ObjectId(report.productId);
    const current = await this.stock.findById(_id).lean().exec();
    if (current && current.sequence >= report.sequence) return;
    const figure = { sequence: report.sequence, stock: report.stock, receivedAt: new Date() };
    if (current) {
      const { matchedCount } = await this.stock.replaceOne({ _id, sequence: current.sequence }, figure).exec();
      // Another report replaced it since the read: compare with that one.
      if (matchedCount === 0) return this.record(report);
    } else if (!(await insertOnce(this.stock, { _id, ...figure }))) {
      // Another report created it since the read: compare with that one.
      return this.record(report);
    }
    await this.cache.stockChanged(report.productId);
  }

  /** Inventory's latest figure per product, for those it has reported on. */
  async levels(productIds: Types.ObjectId[]): Promise<Map<string, number>> {
    const rows = await Promise.all(productIds.map((id) => this.stock.findById(id).lean().exec()));
    return new Map(rows.filter((row) => row !== null).map((row) => [row._id.toHexString(), row.stock]));
  }

  /** Records the newest of several figures per product: what a row-per-report history comes down to. */
  async adopt(rows: StockFigure[]): Promise<number> {
    const newest = new Map<string, StockFigure>();
    for (const row of rows) {
      const seen = newest.get(row.productId);
      if (!seen || seen.sequence < row.sequence) newest.set(row.productId, row);
    }
    for (const figure of newest.values()) await this.record(figure);
    return newest.size;
  }

  /**
   * Moves the figures an earlier version kept in product_stock (a row per
   * report) into this collection, then drops that one. Run at every start;
   * a start interrupted half-way finishes the move the next time.
   */
  private async adoptLegacyRows(): Promise<void> {
    const db = this.stock.db.db;
    if (!db || (await db.listCollections({ name: LEGACY_COLLECTION }, { nameOnly: true }).toArray()).length === 0)
      return;
    const legacy = db.collection<{ productId: Types.ObjectId; sequence: number; stock: number }>(LEGACY_COLLECTION);
    const rows = await legacy.find({}, { projection: { productId: 1, sequence: 1, stock: 1 } }).toArray();
    const products = await this.adopt(
      rows.map((row) => ({ productId: String(row.productId), sequence: row.sequence, stock: row.stock })),
    );
    await legacy.drop();
    this.logger.log(`moved the stock figures of ${products} product(s) from ${LEGACY_COLLECTION}`);
  }
}
