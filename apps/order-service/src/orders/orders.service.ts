import { createHash, randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model, QueryFilter, Types } from 'mongoose';
import { AuthUser, Role } from '@app/auth';
import { insertOnce } from '@app/common';
import { OrderCreatedEvent, TOPICS, newEvent, outboxMessage } from '@app/events';
import { OrderErrorCode, OrderServiceError } from '../errors/order-service.error';
import { PricesService } from '../prices/prices.service';
import { ListOrdersQuery } from './dto/list-orders.query';
import { PlaceOrderDto } from './dto/place-order.dto';
import { Journal, OrderJournal } from './order-journal.service';
import { OrderStatus } from './order-process';
import { OrderSagaService } from './order-saga.service';
import { deriveStatus } from './order-status';
import { Order } from './order.schema';
import { OrderView, Timeline, toOrderView, toTimeline } from './order.view';

export interface Placed {
  order: OrderView;
  /** True when an earlier request with the same Idempotency-Key placed it. */
  replayed: boolean;
}

/** The most orders a status filter looks through, newest first; an admin narrows with userId, from and to. */
export const STATUS_FILTER_SCAN = 5_000;

@Injectable()
export class OrdersService {
  constructor(
    @InjectModel(Order.name) private readonly orders: Model<Order>,
    private readonly prices: PricesService,
    private readonly journals: OrderJournal,
    private readonly saga: OrderSagaService,
  ) {}

  /** Prices the order from the catalog, stores it with its order-created event (the charge), and answers PENDING at once. */
  async place(user: AuthUser, dto: PlaceOrderDto, idempotencyKey?: string): Promise<Placed> {
    const productIds = dto.items.map((i) => i.product.toLowerCase());
    if (new Set(productIds).size !== productIds.length) throw new OrderServiceError(OrderErrorCode.DuplicateProduct);
    const requestHash = fingerprint(dto);
    // A keyed order's id follows from its user and key, so finding an earlier one is a lookup by _id.
    const _id = idempotencyKey ? keyedOrderId(user.userId, idempotencyKey) : new Types.ObjectId();
    if (idempotencyKey) {
      const earlier = await this.earlierOrder(_id, user.userId, idempotencyKey, false);
      if (earlier) return this.replay(earlier, requestHash);
    }

    const catalog = await this.prices.lookup(productIds);
    const unknown = productIds.filter((id) => !catalog.has(id));
    if (unknown.length > 0) throw new OrderServiceError(OrderErrorCode.UnknownProduct, unknown.join(', '));

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
    const order: Order = {
      _id,
      userId: user.userId,
      userEmail: user.email,
      items,
      totalAmount,
      idempotencyKey: idempotencyKey ?? `auto:${randomUUID()}`,
      requestHash,
      createdAt,
      outbox: null,
    };
    if (await insertOnce(this.orders, { ...order, outbox: outboxMessage(TOPICS.ORDER_CREATED, event, String(_id)) })) {
      this.journals.placed(order);
      return { order: toOrderView(order, deriveStatus([])), replayed: false };
    }
    // Two requests with one key at the same moment: the unique index let one in; the other gets its order.
    const winner = idempotencyKey && (await this.earlierOrder(_id, user.userId, idempotencyKey, true));
    if (!winner) throw new OrderServiceError(OrderErrorCode.Contended, `order ${String(_id)}`);
    return this.replay(winner, requestHash);
  }

  /** The owner or an admin sees the order; to anyone else it does not exist. */
  async get(user: AuthUser, id: string): Promise<OrderView> {
    const journal = await this.visibleJournal(user, id);
    return viewOf(journal);
  }

  /** Every step of the order since it was placed, oldest first. */
  async timeline(user: AuthUser, id: string): Promise<Timeline> {
    return toTimeline(await this.visibleJournal(user, id));
  }

  /** Cancels the order for its owner or an admin, until it ships; asking again answers the cancelled order. */
  async cancel(user: AuthUser, id: string): Promise<OrderView> {
    await this.visibleJournal(user, id);
    const { journal } = await this.saga.apply(id, { on: 'cancel', by: user });
    return viewOf(journal);
  }

  /** An admin ships a confirmed order. */
  async ship(user: AuthUser, id: string): Promise<OrderView> {
    const { journal } = await this.saga.apply(id, { on: 'ship', by: user });
    return viewOf(journal);
  }

  /** The caller's orders, newest first, by status and time if asked; an admin sees everyone's and may pick a customer. */
  async list(user: AuthUser, query: ListOrdersQuery): Promise<{ orders: OrderView[]; total: number }> {
    const filter: QueryFilter<Order> = {};
    if (user.role !== Role.Admin) filter.userId = user.userId;
    else if (query.userId) filter.userId = query.userId.toLowerCase();
    if (query.from || query.to)
      filter.createdAt = { ...(query.from ? { $gte: query.from } : {}), ...(query.to ? { $lt: query.to } : {}) };
    const skip = (query.page - 1) * query.limit;
    if (query.status) return this.listByStatus(filter, query.status, skip, query.limit);

    const [orders, total] = await Promise.all([
      this.orders
        .find(filter, { outbox: 0 })
        .sort({ createdAt: -1 })
        .skip(skip)
        .limit(query.limit)
        .lean<Order[]>()
        .exec(),
      this.orders.countDocuments(filter).exec(),
    ]);
    return { orders: await this.views(orders), total };
  }

  /**
   * A status is where an order's last step took it, so it is not a field to query: the newest orders that
   * match the other filters (at most STATUS_FILTER_SCAN) are read with the status of each, in two scans.
   */
  private async listByStatus(filter: QueryFilter<Order>, status: OrderStatus, skip: number, limit: number) {
    const candidates = await this.orders
      .find(filter, { _id: 1 })
      .sort({ createdAt: -1 })
      .limit(STATUS_FILTER_SCAN)
      .lean<{ _id: Types.ObjectId }[]>()
      .exec();
    const ids = candidates.map((o) => String(o._id));
    const statuses = await this.journals.statusesOf(ids);
    const matching = ids.filter((id) => statuses.get(id) === status);
    const page = await Promise.all(matching.slice(skip, skip + limit).map((id) => this.journals.read(id)));
    return {
      orders: page.filter((j): j is Journal => j !== null).map(viewOf),
      total: matching.length,
    };
  }

  private async views(orders: Order[]): Promise<OrderView[]> {
    const journals = await Promise.all(orders.map((o) => this.journals.read(String(o._id))));
    return journals.filter((j): j is Journal => j !== null).map(viewOf);
  }

  private async visibleJournal(user: AuthUser, id: string): Promise<Journal> {
    const journal = await this.journals.read(id);
    if (!journal || (journal.order.userId !== user.userId && user.role !== Role.Admin)) {
      throw new OrderServiceError(OrderErrorCode.NotFound, id);
    }
    return journal;
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
    const byId = await this.orders.findById(_id, { outbox: 0 }).lean<Order>().exec();
    if (byId || !refused) return byId;
    return this.orders.findOne({ userId, idempotencyKey }, { outbox: 0 }).lean<Order>().exec();
  }

  private async replay(earlier: Order, requestHash: string): Promise<Placed> {
    if (earlier.requestHash !== requestHash) throw new OrderServiceError(OrderErrorCode.IdempotencyKeyReused);
    const journal = await this.journals.read(String(earlier._id));
    return { order: toOrderView(earlier, deriveStatus(journal?.steps ?? [])), replayed: true };
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

/** What the API shows of an order, from its journal. */
function viewOf({ order, steps }: Journal): OrderView {
  return toOrderView(order, deriveStatus(steps));
}

function fingerprint(dto: PlaceOrderDto): string {
  const lines = dto.items.map((i) => [i.product.toLowerCase(), i.quantity]).sort();
  return createHash('sha256').update(JSON.stringify(lines)).digest('hex');
}

function cents(amount: number): number {
  return Math.round(amount * 100) / 100;
}
