import { Injectable, OnModuleInit } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model, Types } from 'mongoose';
import { ensureIndexes, isDuplicateKeyError } from '@app/common';
import { InventoryStockChangedEvent } from '@app/events';
import { CatalogCache } from '../cache/catalog-cache.service';
import { ProductStock } from './product-stock.schema';

/**
 * The catalog's copy of inventory's stock: newest sequence wins, whatever
 * order reports arrive in. Each product's reports come from one Kafka
 * partition, so one consumer at a time writes a product's figure; and each
 * report carries the whole figure, so even a write lost to a rebalance is
 * repaired by the product's next report.
 */
@Injectable()
export class ProductStockService implements OnModuleInit {
  constructor(
    @InjectModel(ProductStock.name) private readonly stock: Model<ProductStock>,
    private readonly cache: CatalogCache,
  ) {}

  onModuleInit(): Promise<void> {
    return ensureIndexes(this.stock);
  }

  /** Idempotent: a repeated or older report changes nothing and leaves the cache alone. */
  async record(event: InventoryStockChangedEvent): Promise<void> {
    const _id = new Types.ObjectId(event.productId);
    const current = await this.stock.findById(_id).lean().exec();
    if (current && current.sequence >= event.sequence) return;
    try {
      await this.stock
        .replaceOne({ _id }, { sequence: event.sequence, stock: event.stock, receivedAt: new Date() }, { upsert: true })
        .exec();
    } catch (error) {
      // Two first reports at once: one inserted; compare with it.
      if (isDuplicateKeyError(error)) return this.record(event);
      throw error;
    }
    await this.cache.stockChanged(event.productId);
  }

  /** Inventory's latest figure per product, for those it has reported on. */
  async levels(productIds: Types.ObjectId[]): Promise<Map<string, number>> {
    const rows = await Promise.all(productIds.map((id) => this.stock.findById(id).lean().exec()));
    return new Map(rows.filter((row) => row !== null).map((row) => [row._id.toHexString(), row.stock]));
  }
}
