export interface ChargeRequest {
  /**
   * The same key for every attempt at one charge. A real processor (Stripe's
   * Idempotency-Key, for one) answers a repeated key with the first result,
   * so a crash between charging and recording the payment cannot charge twice.
   */
  idempotencyKey: string;
  amount: number;
  /** For the processor's records and the customer's statement. */
  description: string;
}

export type ChargeResult = { approved: true; reference: string } | { approved: false; reason: string };

export interface RefundRequest {
  /** As for charges: a retried refund must not pay back twice. */
  idempotencyKey: string;
  /** The processor's reference of the charge being refunded. */
  chargeReference: string;
  amount: number;
}

export interface RefundResult {
  reference: string;
}

/**
 * Where money moves. payment-service talks to this and nothing else, so the
 * simulated processor can give way to a real one through one provider.
 * A declined charge is an answer, not an error; errors are faults worth a retry.
 */
export abstract class PaymentProcessor {
  abstract charge(request: ChargeRequest): Promise<ChargeResult>;
  abstract refund(request: RefundRequest): Promise<RefundResult>;
}
