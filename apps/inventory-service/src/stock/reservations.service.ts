import { Injectable, Logger } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model } from 'mongoose';
import { insertOnce } from '@app/common';
import {
  InventoryFailedEvent,
  InventoryReservedEvent,
  OrderCancelledEvent,
  OrderItem,
  OrderPaidEvent,
  StockShortage,
  TOPICS,
  newEvent,
  outboxMessage,
} from '@app/events';
import { Reservation, ReservationOutcome } from './reservation.schema';
import { MovementReason } from './stock-movement.schema';
import { StockLedger } from './stock-ledger.service';

const reserveKey = (orderId: string, productId: string) => `reserve:${orderId}:${productId}`;
const releaseKey = (orderId: string, productId: string) => `release:${orderId}:${productId}`;

/**
 * Deducts a paid order's lines all or nothing when order-service says so
 * (order-paid), and gives them back when it says so (order-cancelled with
 * `releaseStock`). Lines are taken one by one from the ledger; at the first
 * line that cannot be served, the decision FAILED is recorded (with
 * inventory-failed) and the lines already taken are given back. Every step is
 * keyed by the order, so a redelivered or interrupted attempt finishes the
 * same way instead of deducting twice.
 */
@Injectable()
export class ReservationsService {
  private readonly logger = new Logger(ReservationsService.name);

  constructor(
    @InjectModel(Reservation.name) private readonly reservations: Model<Reservation>,
    private readonly ledger: StockLedger,
  ) {}

  async reserve(order: OrderPaidEvent): Promise<ReservationOutcome> {
    const decided = await this.reservations.findById(order.orderId).lean().exec();
    if (decided) {
      if (decided.outcome === ReservationOutcome.Failed) await this.releaseTaken(order.orderId, order.items);
      return decided.outcome;
    }

    const lines = [...order.items].sort((a, b) => a.productId.localeCompare(b.productId));
    for (const line of lines) {
      const result = await this.ledger.move({
        productId: line.productId,
        reason: MovementReason.Reserve,
        key: reserveKey(order.orderId, line.productId),
        orderId: order.orderId,
        next: (stock) => (stock >= line.quantity ? stock - line.quantity : null),
      });
      if (!result.applied) {
        const shortage: StockShortage = {
          productId: line.productId,
          requested: line.quantity,
          available: result.available ?? 0,
        };
        return this.fail(order, shortage);
      }
    }
    return this.decide(order.orderId, ReservationOutcome.Reserved, { shortages: [], items: lines }, () =>
      outboxMessage(
        TOPICS.INVENTORY_RESERVED,
        newEvent<InventoryReservedEvent>({ orderId: order.orderId, userId: order.userId, items: order.items }),
        order.orderId,
      ),
    );
  }

  /** Gives back what a cancelled order holds, once order-service says so; resolves to whether anything was due. */
  async release(cancelled: OrderCancelledEvent): Promise<boolean> {
    if (!cancelled.releaseStock) return false;
    const reservation = await this.reservations.findById(cancelled.orderId).lean().exec();
    if (reservation?.outcome !== ReservationOutcome.Reserved) return false;
    // A reserved order took every line, so each is given back, once (by the release's key).
    for (const line of reservation.items ?? []) await this.giveBack(cancelled.orderId, line);
    this.logger.log({ message: 'stock released', orderId: cancelled.orderId });
    return true;
  }

  private async fail(order: OrderPaidEvent, shortage: StockShortage): Promise<ReservationOutcome> {
    const reason = shortage.available === 0 ? 'out of stock' : 'not enough stock';
    const outcome = await this.decide(
      order.orderId,
      ReservationOutcome.Failed,
      { shortages: [shortage], items: [] },
      () =>
        outboxMessage(
          TOPICS.INVENTORY_FAILED,
          newEvent<InventoryFailedEvent>({
            orderId: order.orderId,
            userId: order.userId,
            paymentId: order.paymentId,
            reason: `${reason}: product ${shortage.productId} (requested ${shortage.requested}, available ${shortage.available})`,
            shortages: [shortage],
          }),
          order.orderId,
        ),
    );
    if (outcome === ReservationOutcome.Failed) await this.releaseTaken(order.orderId, order.items);
    return outcome;
  }

  /** Records the decision once; if another attempt recorded one first, that one stands. */
  private async decide(
    orderId: string,
    outcome: ReservationOutcome,
    lines: Pick<Reservation, 'shortages' | 'items'>,
    event: () => Reservation['outbox'],
  ): Promise<ReservationOutcome> {
    if (await insertOnce(this.reservations, { _id: orderId, orderId, outcome, ...lines, outbox: event() })) {
      this.logger.log({ message: `order ${outcome.toLowerCase()}`, orderId });
      return outcome;
    }
    return (await this.reservations.findById(orderId).lean().exec())!.outcome;
  }

  /** Gives back the lines of a failed reservation that were taken before the shortage (a query by key: off the hot path). */
  private async releaseTaken(orderId: string, items: OrderItem[]): Promise<void> {
    for (const line of items)
      if (await this.ledger.hasMovement(reserveKey(orderId, line.productId))) await this.giveBack(orderId, line);
  }

  private async giveBack(orderId: string, line: OrderItem): Promise<void> {
    await this.ledger.move({
      productId: line.productId,
      reason: MovementReason.Release,
      key: releaseKey(orderId, line.productId),
      orderId,
      next: (stock) => stock + line.quantity,
    });
  }
}
