import { Injectable, Logger } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { InjectModel } from '@nestjs/mongoose';
import { Model } from 'mongoose';
import { SERVICES } from '@app/common';
import { ProductCreatedEvent, ProductDeletedEvent, ProductUpdatedEvent } from '@app/events';
import { OrderEnv } from '../order.env';
import { Price } from './price.schema';

export interface PricedProduct {
  productId: string;
  name: string;
  price: number;
}

const LOOKUP_TIMEOUT_MS = 2000;

@Injectable()
export class PricesService {
  private readonly logger = new Logger(PricesService.name);
  private readonly productServiceUrl: string;

  constructor(
    @InjectModel(Price.name) private readonly prices: Model<Price>,
    config: ConfigService<OrderEnv, true>,
  ) {
    this.productServiceUrl =
      config.get('PRODUCT_SERVICE_URL', { infer: true }) ?? `http://127.0.0.1:${SERVICES['product-service'].port}`;
  }

  apply(event: ProductCreatedEvent | ProductUpdatedEvent): Promise<void> {
    return this.write(event.productId, { name: event.name, price: event.price, deleted: false }, event.occurredAt);
  }

  remove(event: ProductDeletedEvent): Promise<void> {
    return this.write(event.productId, { deleted: true }, event.occurredAt);
  }

  /**
   * Current prices of the given products, from the local list or, for a
   * product it has not heard of yet, from product-service. Missing or deleted
   * products are absent from the result.
   */
  async lookup(productIds: string[]): Promise<Map<string, PricedProduct>> {
    // One lookup by _id per product, not one query with $in: FerretDB answers $in by scanning the collection.
    const rows = (await Promise.all(productIds.map((id) => this.prices.findById(id).lean().exec()))).filter(
      (row) => row !== null,
    );
    const found = new Map(
      rows.filter((r) => !r.deleted).map((r) => [r._id, { productId: r._id, name: r.name, price: r.price }]),
    );
    const known = new Set(rows.map((r) => r._id));
    await Promise.all(
      productIds
        .filter((id) => !known.has(id))
        .map(async (id) => {
          const product = await this.fetchFromCatalog(id);
          if (product) found.set(id, product);
        }),
    );
    return found;
  }

  private async fetchFromCatalog(productId: string): Promise<PricedProduct | null> {
    try {
      const res = await fetch(`${this.productServiceUrl}/products/${productId}`, {
        signal: AbortSignal.timeout(LOOKUP_TIMEOUT_MS),
      });
      if (res.status === 404) return null;
      if (!res.ok) throw new Error(`product-service answered ${res.status}`);
      const body = (await res.json()) as { name: string; price: number };
      return { productId, name: body.name, price: body.price };
    } catch (error) {
      this.logger.warn(
        `price of ${productId} unknown locally and product-service unreachable: ${(error as Error).message}`,
      );
      throw error;
    }
  }

  private async write(productId: string, fields: Partial<Price>, occurredAt: string): Promise<void> {
    const asOf = new Date(occurredAt);
    const current = await this.prices.findById(productId, { asOf: 1 }).lean().exec();
    if (current && current.asOf >= asOf) return;
    await this.prices.updateOne({ _id: productId }, { $set: { ...fields, asOf } }, { upsert: true }).exec();
  }
}
