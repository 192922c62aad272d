import { Injectable, Logger } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model } from 'mongoose';
import { isDuplicateKeyError } from '@app/common';
import {
  InventoryFailedEvent,
  InventoryReservedEvent,
  OrderItem,
  OutboxRelay,
  PaymentCompletedEvent,
  StockShortage,
  TOPICS,
  newEvent,
  outboxMessage,
} from '@app/events';
import { Reservation, ReservationOutcome } from './reservation.schema';
import { MovementReason, StockMovement } from './stock-movement.schema';
import { StockLedger } from './stock-ledger.service';

const reserveKey = (orderId: string, productId: string) => `reserve:${orderId}:${productId}`;
const releaseKey = (orderId: string, productId: string) => `release:${orderId}:${productId}`;

/**
 * Deducts a paid order's lines all or nothing. Lines are taken one by one from
 * the ledger; at the first line that cannot be served, the decision FAILED is
 * recorded (with inventory-failed) and the lines already taken are given back.
 * Every step is keyed by the order, so a redelivered or interrupted attempt
 * finishes the same way instead of deducting twice.
 */
@Injectable()
export class ReservationsService {
  private readonly logger = new Logger(ReservationsService.name);

  constructor(
    @InjectModel(Reservation.name) private readonly reservations: Model<Reservation>,
    @InjectModel(StockMovement.name) private readonly movements: Model<StockMovement>,
    private readonly ledger: StockLedger,
    private readonly relay: OutboxRelay,
  ) {}

  async reserve(payment: PaymentCompletedEvent): Promise<ReservationOutcome> {
    const decided = await this.reservations.findById(payment.orderId).lean().exec();
    if (decided) {
      if (decided.outcome === ReservationOutcome.Failed) await this.releaseTaken(payment.orderId, payment.items);
      return decided.outcome;
    }

    const lines = [...payment.items].sort((a, b) => a.productId.localeCompare(b.productId));
    for (const line of lines) {
      const result = await this.ledger.move({
        productId: line.productId,
        reason: MovementReason.Reserve,
        key: reserveKey(payment.orderId, line.productId),
        orderId: payment.orderId,
        next: (stock) => (stock >= line.quantity ? stock - line.quantity : null),
      });
      if (!result.applied) {
        const shortage: StockShortage = {
          productId: line.productId,
          requested: line.quantity,
          available: result.available ?? 0,
        };
        return this.fail(payment, shortage);
      }
    }
    return this.decide(payment.orderId, ReservationOutcome.Reserved, [], () =>
      outboxMessage(
        TOPICS.INVENTORY_RESERVED,
        newEvent<InventoryReservedEvent>({ orderId: payment.orderId, userId: payment.userId, items: payment.items }),
        payment.orderId,
      ),
    );
  }

  private async fail(payment: PaymentCompletedEvent, shortage: StockShortage): Promise<ReservationOutcome> {
    const reason = shortage.available === 0 ? 'out of stock' : 'not enough stock';
    const outcome = await this.decide(payment.orderId, ReservationOutcome.Failed, [shortage], () =>
      outboxMessage(
        TOPICS.INVENTORY_FAILED,
        newEvent<InventoryFailedEvent>({
          orderId: payment.orderId,
          userId: payment.userId,
          paymentId: payment.paymentId,
          reason: `${reason}: product ${shortage.productId} (requested ${shortage.requested}, available ${shortage.available})`,
          shortages: [shortage],
        }),
        payment.orderId,
      ),
    );
    if (outcome === ReservationOutcome.Failed) await this.releaseTaken(payment.orderId, payment.items);
    return outcome;
  }

  /** Records the decision once; if another attempt recorded one first, that one stands. */
  private async decide(
    orderId: string,
    outcome: ReservationOutcome,
    shortages: StockShortage[],
    event: () => Reservation['outbox'],
  ): Promise<ReservationOutcome> {
    try {
      await this.reservations.create({ _id: orderId, orderId, outcome, shortages, outbox: event() });
      this.relay.kick();
      this.logger.log({ message: `order ${outcome.toLowerCase()}`, orderId });
      return outcome;
    } catch (error) {
      if (!isDuplicateKeyError(error)) throw error;
      return (await this.reservations.findById(orderId).lean().exec())!.outcome;
    }
  }

  /** Gives back every line of the order that was taken and not yet given back. */
  private async releaseTaken(orderId: string, items: OrderItem[]): Promise<void> {
    for (const line of items) {
      if (!(await this.ledger.hasMovement(reserveKey(orderId, line.productId)))) continue;
      await this.ledger.move({
        productId: line.productId,
        reason: MovementReason.Release,
        key: releaseKey(orderId, line.productId),
        orderId,
        next: (stock) => stock + line.quantity,
      });
    }
    this.relay.kick();
  }
}
