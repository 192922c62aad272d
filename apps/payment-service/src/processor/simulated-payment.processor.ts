import { createHash } from 'node:crypto';
import { ChargeRequest, ChargeResult, PaymentProcessor, RefundRequest, RefundResult } from './payment-processor';

/**
 * A processor without a network: it approves every charge up to
 * `declineOver` and declines anything above it. Its answers depend only on the
 * request, so a retried charge gets the same answer and reference, as a real
 * processor's idempotency key would guarantee.
 */
export class SimulatedPaymentProcessor extends PaymentProcessor {
  constructor(private readonly declineOver: number) {
    super();
  }

  async charge(request: ChargeRequest): Promise<ChargeResult> {
    if (request.amount > this.declineOver) {
      return {
        approved: false,
        reason: `Declined: the total ${request.amount} is over the limit of ${this.declineOver}`,
      };
    }
    return { approved: true, reference: reference('ch', request.idempotencyKey) };
  }

  async refund(request: RefundRequest): Promise<RefundResult> {
    return { reference: reference('re', request.idempotencyKey) };
  }
}

function reference(kind: string, key: string): string {
  return `sim_${kind}_${createHash('sha256').update(key).digest('hex').slice(0, 24)}`;
}
