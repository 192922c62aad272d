import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model } from 'mongoose';
import { insertOnce } from '@app/common';
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
    let head = this.heads.get(productId) ?? (await this.findHead(productId));
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

  /**
   * The newest movement, once per product and process (then the walk in
   * current() takes over), by lookups on _id alone: sequences run 0, 1, 2…
   * without gaps, so whether one exists says whether the head is at or past
   * it. Doubling, then halving, finds the head in about 2·log2(n) lookups,
   * where a query sorted by sequence would scan the collection on FerretDB.
   */
  private async findHead(productId: string): Promise<Head | null> {
    const at = (sequence: number) =>
      this.movements.findById(movementId(productId, sequence), { stockAfter: 1 }).lean().exec();
    const first = await at(0);
    if (!first) return null;
    let low = { sequence: 0, doc: first };
    let high = 1;
    for (let doc = await at(high); doc; doc = await at(high)) {
      low = { sequence: high, doc };
      high *= 2;
    }
    while (high - low.sequence > 1) {
      const middle = Math.floor((low.sequence + high) / 2);
      const doc = await at(middle);
      if (doc) low = { sequence: middle, doc };
      else high = middle;
    }
    return { sequence: low.sequence, stock: low.doc.stockAfter };
  }

  private async heldByAnother(movement: Pick<Movement, 'productId' | 'key'>, sequence: number): Promise<boolean> {
    const holder = await this.movements.findById(movementId(movement.productId, sequence), { key: 1 }).lean().exec();
    return holder !== null && holder.key !== movement.key;
  }

  /** Whether a movement with this key exists: a query by key, which FerretDB answers by scanning; not for hot paths. */
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
      // Refused: another movement took the sequence (go again from the new head), or this one's key is taken,
      // which means it happened before. Told apart by the sequence's holder, a lookup by _id.
      if (!(await this.heldByAnother(movement, current.sequence + 1)))
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
    const inserted = await insertOnce(this.movements, {
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
    if (!inserted) return false;
    this.heads.set(movement.productId, { sequence: next, stock: after });
    return true;
  }
}
