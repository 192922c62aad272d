// What the scenarios need: an admin, products with large stock, and many customers.
import { randomBytes, randomUUID } from 'node:crypto';
import { waitFor } from '../../scripts/lib/proc.mjs';
import { expectStatus, request } from './http.mjs';

/** A set-up request, retried for up to 30 s while a service answers 502/503/504 or not at all (restarting). */
async function setup(method, url, options) {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const res = await request(method, url, options).catch((error) => ({ status: 0, body: error.message }));
    if (![0, 502, 503, 504].includes(res.status) || Date.now() > deadline) return res;
    await new Promise((r) => setTimeout(r, 1_000));
  }
}

const ADMIN = {
  email: process.env.ADMIN_EMAIL ?? 'admin@commercex.local',
  password: process.env.ADMIN_PASSWORD ?? 'Admin123!',
};

export async function adminToken(api) {
  const res = await expectStatus('admin login', setup('POST', `${api}/auth/login`, { body: ADMIN }), 200);
  return res.body.token;
}

/**
 * Products whose stock inventory has opened, priced well under the payment
 * decline threshold and stocked so that no bench order runs out.
 */
export async function stockedProducts(api, token, { count, stock }) {
  const run = randomUUID().slice(0, 8);
  const ids = await Promise.all(
    Array.from({ length: count }, async (_, i) => {
      const body = {
        name: `Bench product ${run}-${i}`,
        description: `Made by npm run bench (${run})`,
        category: 'bench',
        price: 5 + i,
        stock,
      };
      const res = await expectStatus('create product', setup('POST', `${api}/products`, { token, body }), 201);
      return res.body._id;
    }),
  );
  await Promise.all(
    ids.map((id) =>
      waitFor(async () => (await request('GET', `${api}/inventory/${id}`)).status === 200, {
        what: `inventory to open the stock of ${id}`,
        timeoutMs: 120_000,
        intervalMs: 500,
      }),
    ),
  );
  return ids;
}

/** Registered customers (a few at a time: registration hashes a password on purpose slowly). */
export async function customers(api, count) {
  const run = randomUUID().slice(0, 8);
  const tokens = [];
  for (let i = 0; i < count; i += 4) {
    const batch = Array.from({ length: Math.min(4, count - i) }, (_, j) =>
      expectStatus(
        'register customer',
        setup('POST', `${api}/auth/register`, {
          body: {
            name: `Bench ${i + j}`,
            email: `bench-${run}-${i + j}@bench.commercex.local`,
            password: randomBytes(18).toString('base64url'),
          },
        }),
        201,
      ).then((res) => res.body.token),
    );
    tokens.push(...(await Promise.all(batch)));
  }
  return tokens;
}
