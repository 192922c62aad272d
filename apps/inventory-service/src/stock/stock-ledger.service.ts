import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model } from 'mongoose';
import { isDuplicateKeyError } from '@app/common';
import { InventoryStockChangedEvent, TOPICS, newEvent, outboxMessage } from '@app/events';
import { MovementReason, StockMovement } from './stock-movement.schema';

export interface Movement {
  productId: string;
  reason: MovementReason;
  key: string;
  orderId?: string;
  /** New stock from the current one, or null when the movement is not possible (not enough stock). */
  next: (current: number) => number | null;
}

export type MoveResult = { applied: true; stock: number } | { applied: false; available: number | null };

const MAX_ATTEMPTS = 50;

type Head = { sequence: number; stock: number };

const movementId = (productId: string, sequence: number) => `${productId}:${sequence}`;

/** Reads and moves stock through the ledger: optimistic concurrency by unique insert. */
@Injectable()
export class StockLedger {
  /**
   * Last head seen per product: a hint only. The truth is the ledger, and
   * current() always checks that no later movement exists before trusting it.
   */
  private readonly heads = new Map<string, Head>();

  constructor(@InjectModel(StockMovement.name) private readonly movements: Model<StockMovement>) {}

  async current(productId: string): Promise<Head | null> {
    let head = this.heads.get(productId) ?? (await this.scanHead(productId));
    if (!head) return null;
    for (;;) {
      const next = await this.movements
        .findById(movementId(productId, head.sequence + 1), { stockAfter: 1 })
        .lean()
        .exec();
      if (!next) break;
      head = { sequence: head.sequence + 1, stock: next.stockAfter };
    }
    this.heads.set(productId, head);
    return head;
  }

  /** The newest movement by a query: once per product and process, then the walk takes over. */
  private async scanHead(productId: string): Promise<Head | null> {
    const latest = await this.movements
      .findOne({ productId }, { sequence: 1, stockAfter: 1 })
      .sort({ sequence: -1 })
      .lean()
      .exec();
    return latest ? { sequence: latest.sequence, stock: latest.stockAfter } : null;
  }

  async hasMovement(key: string): Promise<boolean> {
    return (await this.movements.exists({ key })) !== null;
  }

  /** Opens a product's ledger at its initial stock; a second open of the same product changes nothing. */
  async open(productId: string, stock: number): Promise<void> {
    await this.insert({ productId, reason: MovementReason.Open, key: `open:${productId}` }, -1, 0, stock);
  }

  /**
   * Applies a movement once (by its key). Loses a race for the next sequence
   * to another writer? Reads the new stock and tries again.
   */
  async move(movement: Movement): Promise<MoveResult> {
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      const current = await this.current(movement.productId);
      if (!current) return { applied: false, available: null };
      const stock = movement.next(current.stock);
      if (stock === null || stock < 0) return { applied: false, available: current.stock };
      if (await this.insert(movement, current.sequence, current.stock, stock)) return { applied: true, stock };
      if (await this.hasMovement(movement.key))
        return { applied: true, stock: (await this.current(movement.productId))!.stock };
    }
    throw new Error(`stock of ${movement.productId} is too contended: no free sequence after ${MAX_ATTEMPTS} attempts`);
  }

  /** True when inserted; false when the sequence or the key was already taken. */
  private async insert(
    movement: Omit<Movement, 'next'>,
    sequence: number,
    before: number,
    after: number,
  ): Promise<boolean> {
    const next = sequence + 1;
    const event = newEvent<InventoryStockChangedEvent>({ productId: movement.productId, stock: after, sequence: next });
    try {
      await this.movements.create({
        _id: movementId(movement.productId, next),
        productId: movement.productId,
        sequence: next,
        delta: after - before,
        stockAfter: after,
        reason: movement.reason,
        key: movement.key,
        orderId: movement.orderId,
        outbox: outboxMessage(TOPICS.INVENTORY_STOCK_CHANGED, event, movement.productId),
      });
      this.heads.set(movement.productId, { sequence: next, stock: after });
      return true;
    } catch (error) {
      if (isDuplicateKeyError(error)) return false;
      throw error;
    }
  }
}
