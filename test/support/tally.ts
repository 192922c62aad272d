import { appendFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Session } from './accounts';
import { http } from './http';
import { ROOT } from './processes';
import { GATEWAY } from './stack';

export interface OrderRef {
  session: Session;
  orderId: string;
}

export interface Tally {
  scenario: string;
  placed: number;
  confirmed: number;
  cancelled: number;
  lost: number;
  doubled: number;
}

const API = `${GATEWAY}/api`;

/** CONFIRMED, or CANCELLED (and refunded, when it was cancelled for want of stock after the charge). */
export function isSettled(order: { status?: string; cancelReason?: string; refunded?: unknown } | undefined): boolean {
  return (
    order?.status === 'CONFIRMED' ||
    (order?.status === 'CANCELLED' && (order.cancelReason !== 'OUT_OF_STOCK' || Boolean(order.refunded)))
  );
}

/**
 * Waits for every order to settle (up to the deadline) and counts the
 * outcome: lost = never settled; doubled = charged more than once.
 */
export async function tally(
  scenario: string,
  orders: OrderRef[],
  timeoutMs = 90_000,
  /** Measurements of the scenario's own, added to its row in logs/resilience.jsonl. */
  measured: Record<string, number | string> = {},
): Promise<Tally> {
  const deadline = Date.now() + timeoutMs;
  const status = new Map<string, string>();
  while (Date.now() < deadline && status.size < orders.length) {
    const open = orders.filter((o) => !status.has(o.orderId)).slice(0, 50);
    await Promise.all(
      open.map(async (o) => {
        const res = await http('GET', `${API}/orders/${o.orderId}`, { token: o.session.token }).catch(() => undefined);
        if (isSettled(res?.body)) status.set(o.orderId, res!.body.status);
      }),
    );
    if (status.size < orders.length) await new Promise((r) => setTimeout(r, 500));
  }
  // Ten at a time: each is a database read, and the database is shared with the load under test.
  const charges: unknown[] = [];
  for (let i = 0; i < orders.length; i += 10) {
    const batch = orders.slice(i, i + 10);
    charges.push(
      ...(await Promise.all(
        batch.map(
          async (o) => (await http('GET', `${API}/payments?orderId=${o.orderId}`, { token: o.session.token })).body,
        ),
      )),
    );
  }
  const result: Tally = {
    scenario,
    placed: orders.length,
    confirmed: [...status.values()].filter((s) => s === 'CONFIRMED').length,
    cancelled: [...status.values()].filter((s) => s === 'CANCELLED').length,
    lost: orders.length - status.size,
    doubled: charges.filter((c) => Array.isArray(c) && c.length > 1).length,
  };
  record({ ...result, ...measured });
  return result;
}

/** Appends the scenario's row to logs/resilience.jsonl (docs/RESILIENCE.md shows the last run). */
function record(row: Tally & Record<string, unknown>): void {
  mkdirSync(join(ROOT, 'logs'), { recursive: true });
  appendFileSync(
    join(ROOT, 'logs', 'resilience.jsonl'),
    `${JSON.stringify({ ...row, at: new Date().toISOString() })}\n`,
  );
}
