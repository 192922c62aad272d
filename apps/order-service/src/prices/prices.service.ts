import { Injectable, Logger } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { InjectModel } from '@nestjs/mongoose';
import { Model } from 'mongoose';
import { SERVICES } from '@app/common';
import { ProductCreatedEvent, ProductDeletedEvent, ProductUpdatedEvent } from '@app/events';
import { OrderErrorCode, OrderServiceError } from '../errors/order-service.error';
import { OrderEnv } from '../order.env';
import { Price } from './price.schema';

export interface PricedProduct {
  productId: string;
  name: string;
  price: number;
}

const LOOKUP_TIMEOUT_MS = 2000;
const CATALOG_RETRY_AFTER_SECONDS = 5;

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
   * Current prices of the given products, from the local list or, for the
   * products it has not heard of yet, from product-service in one call (an
   * order has at most 100 lines, PlaceOrderDto, and GET /prices takes as many
   * ids). Missing or deleted products are absent from the result.
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
    const unheardOf = productIds.filter((id) => !known.has(id));
    for (const product of await this.fetchFromCatalog(unheardOf)) found.set(product.productId, product);
    return found;
  }

  private async fetchFromCatalog(productIds: string[]): Promise<PricedProduct[]> {
    if (productIds.length === 0) return [];
    try {
      const res = await fetch(`${this.productServiceUrl}/prices?ids=${productIds.join(',')}`, {
        signal: AbortSignal.timeout(LOOKUP_TIMEOUT_MS),
      });
      if (!res.ok) throw new Error(`product-service answered ${res.status}`);
      return (await res.json()) as PricedProduct[];
    } catch (error) {
      const reason = (error as Error).message;
      this.logger.warn(
        `prices of ${productIds.length} products unknown locally, and product-service unreachable: ${reason}`,
      );
      throw new OrderServiceError(OrderErrorCode.CatalogUnavailable, reason, CATALOG_RETRY_AFTER_SECONDS);
    }
  }

  private async write(productId: string, fields: Partial<Price>, occurredAt: string): Promise<void> {
    const asOf = new Date(occurredAt);
    const current = await this.prices.findById(productId, { asOf: 1 }).lean().exec();
    if (current && current.asOf >= asOf) return;
    await this.prices.updateOne({ _id: productId }, { $set: { ...fields, asOf } }, { upsert: true }).exec();
  }
}
