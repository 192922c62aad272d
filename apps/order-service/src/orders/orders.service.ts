import { createHash, randomUUID } from 'node:crypto';
import { BadRequestException, ConflictException, Injectable, NotFoundException } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model, Types } from 'mongoose';
import { AuthUser, Role } from '@app/auth';
import { isDuplicateKeyError } from '@app/common';
import { OrderCreatedEvent, OutboxRelay, TOPICS, newEvent, outboxMessage } from '@app/events';
import { PricesService } from '../prices/prices.service';
import { PlaceOrderDto } from './dto/place-order.dto';
import { OrderTransition, TransitionSlot, transitionId } from './order-transition.schema';
import { TransitionLike, deriveStatus } from './order-status';
import { Order } from './order.schema';
import { OrderView, toOrderView } from './order.view';

export interface Placed {
  order: OrderView;
  /** True when an earlier request with the same Idempotency-Key placed it. */
  replayed: boolean;
}

@Injectable()
export class OrdersService {
  constructor(
    @InjectModel(Order.name) private readonly orders: Model<Order>,
    @InjectModel(OrderTransition.name) private readonly transitions: Model<OrderTransition>,
    private readonly prices: PricesService,
    private readonly relay: OutboxRelay,
  ) {}

  /** Prices the order from the catalog, stores it with its order-created event, and answers PENDING at once. */
  async place(user: AuthUser, dto: PlaceOrderDto, idempotencyKey?: string): Promise<Placed> {
    const productIds = dto.items.map((i) => i.product.toLowerCase());
    if (new Set(productIds).size !== productIds.length) {
      throw new BadRequestException('Each product may appear once in an order; add up the quantities instead');
    }
    const requestHash = fingerprint(dto);
    // A keyed order's id follows from its user and key, so finding an earlier one is a lookup by _id.
    const _id = idempotencyKey ? keyedOrderId(user.userId, idempotencyKey) : new Types.ObjectId();
    if (idempotencyKey) {
      const earlier = await this.earlierOrder(_id, user.userId, idempotencyKey, false);
      if (earlier) return this.replay(earlier, requestHash);
    }

    const catalog = await this.prices.lookup(productIds);
    const unknown = productIds.filter((id) => !catalog.has(id));
    if (unknown.length > 0) throw new BadRequestException(`Unknown product(s): ${unknown.join(', ')}`);

    const items = dto.items.map((i, n) => {
      const product = catalog.get(productIds[n])!;
      return { productId: product.productId, name: product.name, quantity: i.quantity, unitPrice: product.price };
    });
    const totalAmount = cents(items.reduce((sum, l) => sum + l.unitPrice * l.quantity, 0));
    const createdAt = new Date();
    const event = newEvent<OrderCreatedEvent>({
      orderId: String(_id),
      userId: user.userId,
      userEmail: user.email,
      items: items.map(({ productId, quantity, unitPrice }) => ({ productId, quantity, unitPrice })),
      totalAmount,
      createdAt: createdAt.toISOString(),
    });
    try {
      const order = await this.orders.create({
        _id,
        userId: user.userId,
        userEmail: user.email,
        items,
        totalAmount,
        idempotencyKey: idempotencyKey ?? `auto:${randomUUID()}`,
        requestHash,
        createdAt,
        outbox: outboxMessage(TOPICS.ORDER_CREATED, event, String(_id)),
      });
      this.relay.kick();
      return { order: toOrderView(order.toObject(), deriveStatus([])), replayed: false };
    } catch (error) {
      // Two requests with one key at the same moment: the unique index lets one in; the other gets its order.
      if (!idempotencyKey || !isDuplicateKeyError(error)) throw error;
      const winner = await this.earlierOrder(_id, user.userId, idempotencyKey, true);
      return this.replay(winner!, requestHash);
    }
  }

  /** The owner or an admin sees the order; to anyone else it does not exist. */
  async get(user: AuthUser, id: string): Promise<OrderView> {
    const order = await this.orders.findById(id).lean().exec();
    if (!order || (order.userId !== user.userId && user.role !== Role.Admin)) {
      throw new NotFoundException(`Order ${id} not found`);
    }
    return toOrderView(order, deriveStatus(await this.transitionsOf(id)));
  }

  /** The caller's orders, newest first (an admin sees everyone's). */
  async list(user: AuthUser, page: number, limit: number): Promise<{ orders: OrderView[]; total: number }> {
    const filter = user.role === Role.Admin ? {} : { userId: user.userId };
    const [orders, total] = await Promise.all([
      this.orders
        .find(filter)
        .sort({ createdAt: -1 })
        .skip((page - 1) * limit)
        .limit(limit)
        .lean()
        .exec(),
      this.orders.countDocuments(filter).exec(),
    ]);
    const views = await Promise.all(
      orders.map(async (o) => toOrderView(o, deriveStatus(await this.transitionsOf(String(o._id))))),
    );
    return { orders: views, total };
  }

  /**
   * The order an earlier request with this key placed: by its derived _id, or, once an insert has been refused,
   * by user and key, for an order placed before ids were derived from keys (a query FerretDB answers by scanning).
   */
  private async earlierOrder(
    _id: Types.ObjectId,
    userId: string,
    idempotencyKey: string,
    refused: boolean,
  ): Promise<Order | null> {
    const byId = await this.orders.findById(_id).lean().exec();
    if (byId || !refused) return byId;
    return this.orders.findOne({ userId, idempotencyKey }).lean().exec();
  }

  private async replay(earlier: Order, requestHash: string): Promise<Placed> {
    if (earlier.requestHash !== requestHash) {
      throw new ConflictException('This Idempotency-Key was already used for a different order');
    }
    return { order: toOrderView(earlier, deriveStatus(await this.transitionsOf(String(earlier._id)))), replayed: true };
  }

  /** An order's filled slots, each read by primary key. */
  private async transitionsOf(orderId: string): Promise<TransitionLike[]> {
    const slots: (TransitionLike | null)[] = await Promise.all(
      Object.values(TransitionSlot).map((slot) => this.transitions.findById(transitionId(orderId, slot)).lean().exec()),
    );
    return slots.filter((t): t is TransitionLike => t !== null);
  }
}

/**
 * The id of the order a user places with an Idempotency-Key: the first 12 bytes of a hash of both. It is an
 * ObjectId like any other order's, except that its leading bytes are not a creation time (orders sort by createdAt).
 */
export function keyedOrderId(userId: string, idempotencyKey: string): Types.ObjectId {
  const digest = createHash('sha256').update(`order:${userId}:${idempotencyKey}`).digest();
  return new Types.ObjectId(digest.subarray(0, 12));
}

function fingerprint(dto: PlaceOrderDto): string {
  const lines = dto.items.map((i) => [i.product.toLowerCase(), i.quantity]).sort();
  return createHash('sha256').update(JSON.stringify(lines)).digest('hex');
}

function cents(amount: number): number {
  return Math.round(amount * 100) / 100;
}
