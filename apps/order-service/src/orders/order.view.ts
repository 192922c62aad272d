import { DerivedStatus } from './order-status';
import { Order } from './order.schema';

/** What the API shows of an order: the seed's shape plus the derived status. */
export interface OrderView {
  _id: string;
  user: string;
  items: { product: string; name: string; quantity: number; price: number }[];
  totalAmount: number;
  status: DerivedStatus['status'];
  cancelReason?: string;
  refunded: boolean;
  history: DerivedStatus['history'];
  createdAt: Date;
}

export function toOrderView(order: Order, derived: DerivedStatus): OrderView {
  return {
    _id: String(order._id),
    user: order.userId,
    items: order.items.map((l) => ({ product: l.productId, name: l.name, quantity: l.quantity, price: l.unitPrice })),
    totalAmount: order.totalAmount,
    status: derived.status,
    ...(derived.cancelReason ? { cancelReason: derived.cancelReason } : {}),
    refunded: derived.refunded,
    history: derived.history,
    createdAt: order.createdAt,
  };
}
