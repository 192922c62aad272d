import { randomUUID } from 'node:crypto';
import { productInput } from '../factories/product.factory';
import { Session } from './accounts';
import { eventually } from './eventually';
import { http } from './http';
import { GATEWAY } from './stack';

const API = `${GATEWAY}/api`;

/** A product in the catalog whose stock record inventory has opened. */
export async function stockedProduct(admin: Session, price: number, stock: number): Promise<string> {
  const created = await http('POST', `${API}/products`, { token: admin.token, body: productInput({ price, stock }) });
  if (created.status !== 201)
    throw new Error(`product create failed: ${created.status} ${JSON.stringify(created.body)}`);
  const id: string = created.body._id;
  await eventually(
    () => http('GET', `${API}/inventory/${id}`),
    (r) => r.status === 200,
    { what: `stock of ${id}` },
  );
  return id;
}

export async function stockOf(productId: string): Promise<number> {
  return (await http('GET', `${API}/inventory/${productId}`)).body.stock;
}

export function placeOrder(
  session: Session,
  items: { product: string; quantity: number }[],
  headers: Record<string, string> = {},
) {
  return http('POST', `${API}/orders`, { token: session.token, body: { items }, headers });
}

/**
 * Places an order as a well-behaved client does: refused with 503 or 429 and
 * Retry-After (admission control, docs/ARCHITECTURE.md), it waits that long
 * and tries again, with the same Idempotency-Key, so a retry never doubles
 * it; left without an answer (the client's 10 s timeout), it asks again with
 * the same key too, and a 200 then is the order its first try placed. Gives
 * up, answering the refusal (or throwing the timeout), after `patienceMs`.
 */
export async function placeOrderPolitely(
  session: Session,
  items: { product: string; quantity: number }[],
  patienceMs = 60_000,
) {
  const headers = { 'idempotency-key': randomUUID() };
  const deadline = Date.now() + patienceMs;
  for (;;) {
    const res = await placeOrder(session, items, headers).catch((error: Error) => {
      if (Date.now() + 1000 > deadline) throw error;
      return undefined;
    });
    if (!res) {
      await new Promise((resolve) => setTimeout(resolve, 1000));
      continue;
    }
    const retryAfter = Number(res.headers.get('retry-after'));
    if (![503, 429].includes(res.status) || !retryAfter || Date.now() + retryAfter * 1000 > deadline) return res;
    await new Promise((resolve) => setTimeout(resolve, retryAfter * 1000));
  }
}

const SETTLED = new Set(['CONFIRMED', 'CANCELLED']);

/** Waits until the order is CONFIRMED or CANCELLED (and, when cancelled after a charge, refunded). */
export async function settled(session: Session, orderId: string) {
  const res = await eventually(
    () => http('GET', `${API}/orders/${orderId}`, { token: session.token }),
    (r) => SETTLED.has(r.body?.status),
    { what: `order ${orderId} to settle`, timeoutMs: 30_000 },
  );
  return res.body;
}
