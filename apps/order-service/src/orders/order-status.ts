import { OrderStatus, OrderTrigger } from './order-process';

/** What the status of an order is read from: its steps, oldest first. */
export interface StepLike {
  seq: number;
  on: OrderTrigger;
  to: OrderStatus;
  reason?: string;
  causedBy: string;
  at: Date;
}

/** An order's state is where its last step took it; an order with no step is PENDING. */
export function statusOf(steps: readonly StepLike[]): OrderStatus {
  return steps.at(-1)?.to ?? OrderStatus.Pending;
}

export interface DerivedStatus {
  status: OrderStatus;
  cancelReason?: string;
  refunded: boolean;
  history: { status: OrderStatus; reason?: string; at: Date }[];
}

/** The status fields of the order view; `history` lists each change of status (a step to the same status is not one). */
export function deriveStatus(steps: readonly StepLike[]): DerivedStatus {
  const status = statusOf(steps);
  const cancelled = steps.find((s) => s.to === OrderStatus.Cancelled);
  const history: DerivedStatus['history'] = [];
  let current = OrderStatus.Pending;
  for (const s of steps) {
    if (s.to === current) continue;
    current = s.to;
    history.push({ status: s.to, ...(s.reason ? { reason: s.reason } : {}), at: s.at });
  }
  return {
    status,
    ...(status === OrderStatus.Cancelled && cancelled?.reason ? { cancelReason: cancelled.reason } : {}),
    refunded: steps.some((s) => s.on === 'payment-refunded'),
    history,
  };
}
