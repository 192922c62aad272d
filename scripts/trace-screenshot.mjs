// `npm run screenshot:trace [-- <trace id>]`: a PNG of one order's trace in the local Zipkin UI, for docs/OPERATIONS.md.
// Places an order through the gateway (with its own traceparent) unless given a trace id, waits for its spans,
// and photographs the trace page in headless Chromium (Debian's `chromium`, driven by puppeteer-core).
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import puppeteer from 'puppeteer-core';

const ROOT = join(import.meta.dirname, '..');
const OUT = join(ROOT, 'docs', 'images', 'order-trace.png');
const ZIPKIN = `http://127.0.0.1:${process.env.ZIPKIN_PORT ?? 9411}`;
const API = `http://127.0.0.1:${process.env.GATEWAY_PORT ?? 8000}/api`;
const CHROMIUM = process.env.CHROMIUM_PATH ?? ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find(existsSync);

function fail(message, hint) {
  console.error(`error: ${message}${hint ? `\n  fix: ${hint}` : ''}`);
  process.exit(1);
}

async function call(method, path, { token, body, headers = {} } = {}) {
  const res = await fetch(`${API}${path}`, {
    method,
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers },
    body: body && JSON.stringify(body),
  });
  return { status: res.status, body: await res.json().catch(() => null) };
}

async function until(what, probe, timeoutMs = 40_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) fail(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 500));
  }
}

/** One confirmed order, placed in a trace of our own: answers its trace id. */
async function tracedOrder() {
  const admin = await call('POST', '/auth/login', {
    body: { email: process.env.ADMIN_EMAIL ?? 'admin@commercex.local', password: process.env.ADMIN_PASSWORD ?? 'Admin123!' },
  });
  if (admin.status !== 200) fail(`admin login answered ${admin.status}`, 'start the stack first: npm start');
  const token = admin.body.token;
  const product = await call('POST', '/products', {
    token,
    body: { name: 'Trace kettle', description: 'for the screenshot', price: 24.5, category: 'kitchen', stock: 5 },
  });
  if (product.status !== 201) fail(`creating a product answered ${product.status}: ${JSON.stringify(product.body)}`);
  await until('the product\u2019s stock', async () => (await call('GET', `/inventory/${product.body._id}`)).status === 200);
  const traceId = randomBytes(16).toString('hex');
  const placed = await call('POST', '/orders', {
    token,
    body: { items: [{ product: product.body._id, quantity: 1 }] },
    headers: { traceparent: `00-${traceId}-${randomBytes(8).toString('hex')}-01` },
  });
  if (placed.status !== 201) fail(`placing the order answered ${placed.status}`);
  await until('the order to be CONFIRMED', async () => (await call('GET', `/orders/${placed.body._id}`, { token })).body?.status === 'CONFIRMED');
  return traceId;
}

if (!CHROMIUM) fail('no Chromium found', 'apt-get install -y chromium, or set CHROMIUM_PATH');
const traceId = process.argv[2] ?? (await tracedOrder());
await until(`the trace ${traceId} in Zipkin`, async () => {
  const res = await fetch(`${ZIPKIN}/api/v2/trace/${traceId}`).catch(() => null);
  const spans = res?.ok ? await res.json() : [];
  return spans.some((s) => s.name === 'process order-confirmed');
});

const browser = await puppeteer.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox', '--disable-gpu'] });
try {
  const page = await browser.newPage();
  await page.setViewport({ width: 1600, height: 1000, deviceScaleFactor: 1 });
  await page.goto(`${ZIPKIN}/zipkin/traces/${traceId}`, { waitUntil: 'networkidle0' });
  // The trace page draws its span rows after the data arrives.
  await page.waitForFunction(() => document.body.innerText.includes('order-service'), { timeout: 20_000 });
  mkdirSync(join(ROOT, 'docs', 'images'), { recursive: true });
  await page.screenshot({ path: OUT, fullPage: true });
  console.log(`trace ${traceId}: ${OUT}`);
} finally {
  await browser.close();
}
