import { Injectable, OnModuleInit } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model, Types } from 'mongoose';
import { ensureIndexes, isDuplicateKeyError } from '@app/common';
import { InventoryStockChangedEvent } from '@app/events';
import { CatalogCache } from '../cache/catalog-cache.service';
import { ProductStock } from './product-stock.schema';

/** The catalog's copy of inventory's stock, newest sequence wins whatever order reports arrive in. */
@Injectable()
export class ProductStockService implements OnModuleInit {
  constructor(
    @InjectModel(ProductStock.name) private readonly stock: Model<ProductStock>,
    private readonly cache: CatalogCache,
  ) {}

  onModuleInit(): Promise<void> {
    return ensureIndexes(this.stock);
  }

  /** Idempotent: the same report twice inserts once (unique index), and pruning only removes older rows. */
  async record(event: InventoryStockChangedEvent): Promise<void> {
    const productId = new Types.ObjectId(event.productId);
    try {
      await this.stock.create({ productId, sequence: event.sequence, stock: event.stock });
    } catch (error) {
      if (!isDuplicateKeyError(error)) throw error;
    }
    await this.stock.deleteMany({ productId, sequence: { $lt: event.sequence } }).exec();
    await this.cache.stockChanged(event.productId);
  }

  /** Inventory's latest figure per product, for those it has reported on. */
  async levels(productIds: Types.ObjectId[]): Promise<Map<string, number>> {
    const levels = new Map<string, number>();
    if (productIds.length === 0) return levels;
    const rows = await this.stock
      .find({ productId: { $in: productIds } }, { productId: 1, sequence: 1, stock: 1 })
      .sort({ productId: 1, sequence: -1 })
      .lean()
      .exec();
    for (const row of rows) {
      const id = row.productId.toHexString();
      if (!levels.has(id)) levels.set(id, row.stock);
    }
    return levels;
  }
}
