export enum OrderStatus {
  Pending = 'PENDING',
  Paid = 'PAID',
  Confirmed = 'CONFIRMED',
  Cancelled = 'CANCELLED',
  /** Marks the refund of a cancelled order; the order itself stays CANCELLED. */
  Refunded = 'REFUNDED',
}

export interface TransitionLike {
  slot: string;
  status: OrderStatus;
  reason?: string;
  at: Date;
}

export interface DerivedStatus {
  status: OrderStatus;
  cancelReason?: string;
  refunded: boolean;
  history: { status: OrderStatus; reason?: string; at: Date }[];
}

const RANK: Record<string, number> = { payment: 1, outcome: 2, refund: 3 };

/**
 * PENDING → PAID → CONFIRMED, or CANCELLED (with its reason, and refunded when
 * the charge was given back). The outcome wins over the payment step whatever
 * order the events arrived in.
 */
export function deriveStatus(transitions: TransitionLike[]): DerivedStatus {
  const sorted = [...transitions].sort((a, b) => RANK[a.slot] - RANK[b.slot]);
  const outcome = sorted.find((t) => t.slot === 'outcome');
  const paid = sorted.some((t) => t.slot === 'payment');
  return {
    status: outcome?.status ?? (paid ? OrderStatus.Paid : OrderStatus.Pending),
    cancelReason: outcome?.status === OrderStatus.Cancelled ? outcome.reason : undefined,
    refunded: sorted.some((t) => t.slot === 'refund'),
    history: sorted.map(({ status, reason, at }) => ({ status, reason, at })),
  };
}
