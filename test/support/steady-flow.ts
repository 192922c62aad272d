import { setTimeout as sleep } from 'node:timers/promises';
import { Session } from './accounts';
import { http } from './http';
import { placeOrderPolitely } from './shop';
import { GATEWAY } from './stack';
import { OrderRef, isSettled } from './tally';

/**
 * Orders of one unit placed at a steady rate, as polite clients do
 * (placeOrderPolitely), whatever happens meanwhile, while each order is
 * watched until it settles: when it did is what shows a stall in the flow.
 */
export class SteadyFlow {
  readonly accepted: OrderRef[] = [];
  /** Answers other than an order, as "status body": refusals once the client's patience ran out. */
  readonly refused: string[] = [];
  /** When each accepted order was first seen settled (ms since the epoch). */
  readonly settledAt = new Map<string, number>();
  private placing = true;
  private watching = true;
  private readonly loops: Promise<void>[] = [];
  private readonly inFlight: Promise<void>[] = [];

  constructor(
    private readonly product: string,
    private readonly customers: Session[],
    private readonly perSecond: number,
  ) {}

  start(): this {
    this.loops.push(this.place(), this.watch());
    return this;
  }

  /** Stops placing; resolves once every order sent has been answered. */
  async stopPlacing(): Promise<OrderRef[]> {
    this.placing = false;
    await this.loops[0];
    await Promise.all(this.inFlight);
    return this.accepted;
  }

  /** Waits (up to the deadline) for every accepted order to be seen settled, then stops watching. */
  async stopWatching(timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (this.settledAt.size < this.accepted.length && Date.now() < deadline) await sleep(250);
    this.watching = false;
    await this.loops[1];
  }

  /** Stops placing and watching at once (a scenario that failed half-way). */
  async halt(): Promise<void> {
    this.placing = false;
    this.watching = false;
    await Promise.all([...this.loops, ...this.inFlight]);
  }

  settleTimes(): number[] {
    return [...this.settledAt.values()];
  }

  private async place(): Promise<void> {
    const t0 = Date.now();
    for (let n = 0; this.placing;) {
      const due = Math.floor(((Date.now() - t0) * this.perSecond) / 1000) + 1;
      for (; n < due; n++) {
        const session = this.customers[n % this.customers.length];
        this.inFlight.push(
          placeOrderPolitely(session, [{ product: this.product, quantity: 1 }]).then(
            (res) => {
              // 200: a retry after a timeout found the order the first try placed (same Idempotency-Key).
              if (res.status === 201 || res.status === 200) this.accepted.push({ session, orderId: res.body._id });
              else this.refused.push(`${res.status} ${JSON.stringify(res.body)}`);
            },
            (error: Error) => void this.refused.push(`no answer: ${error.message}`),
          ),
        );
      }
      await sleep(20);
    }
  }

  /** Polls the oldest unsettled orders (30 a round, every 250 ms): a stall shows as a gap between settlements. */
  private async watch(): Promise<void> {
    while (this.watching) {
      const open = this.accepted.filter((o) => !this.settledAt.has(o.orderId)).slice(0, 30);
      await Promise.all(
        open.map(async (o) => {
          const res = await http('GET', `${GATEWAY}/api/orders/${o.orderId}`, { token: o.session.token }).catch(
            () => undefined,
          );
          if (isSettled(res?.body)) this.settledAt.set(o.orderId, Date.now());
        }),
      );
      await sleep(250);
    }
  }
}
