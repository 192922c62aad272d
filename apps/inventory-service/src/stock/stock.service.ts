import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { ProductCreatedEvent } from '@app/events';
import { InventoryErrorCode, InventoryServiceError } from '../errors/inventory-service.error';
import { MovementReason } from './stock-movement.schema';
import { StockLedger } from './stock-ledger.service';

export interface StockView {
  productId: string;
  stock: number;
}

@Injectable()
export class StockService {
  constructor(private readonly ledger: StockLedger) {}

  /** Opens the ledger of a new product; a redelivered product-created changes nothing. */
  async open(event: ProductCreatedEvent): Promise<void> {
    await this.ledger.open(event.productId, event.stock);
  }

  async get(productId: string): Promise<StockView> {
    const current = await this.ledger.current(productId);
    if (!current) throw new InventoryServiceError(InventoryErrorCode.NoStockRecord, `product ${productId}`);
    return { productId, stock: current.stock };
  }

  /** An admin sets the stock to a counted figure (a delivery, a stock-take). */
  async set(productId: string, stock: number): Promise<StockView> {
    const result = await this.ledger.move({
      productId,
      reason: MovementReason.Adjust,
      key: `adjust:${randomUUID()}`,
      next: () => stock,
    });
    if (!result.applied) throw new InventoryServiceError(InventoryErrorCode.NoStockRecord, `product ${productId}`);
    return { productId, stock: result.stock };
  }
}
