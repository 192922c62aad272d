import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Page } from 'puppeteer-core';
import { ProductCreatedEvent, TOPICS, deadLetterTopic, newEvent } from '@app/events';
import { userInput } from './factories/user.factory';
import { Session, admin as adminSession } from './support/accounts';
import { Chromium, launchChromium } from './support/browser';
import { eventually } from './support/eventually';
import { http } from './support/http';
import { disconnectProducer, produce } from './support/kafka';
import { ROOT } from './support/processes';
import { placeOrder, settled, stockedProduct } from './support/shop';
import { GATEWAY, SERVICE_NAMES } from './support/stack';

/** Where the screenshot goes: logs/ (ignored) unless OPS_SCREENSHOT names a file, e.g. docs/images/ops-console.png. */
const SCREENSHOT = join(ROOT, process.env.OPS_SCREENSHOT ?? 'logs/ops-console.png');
const CONSUMER_GROUPS = [
  'product-service',
  'order-service',
  'payment-service',
  'inventory-service',
  'notification-service',
];
/** The page polls every 5 s; a change shows within a few polls, even on a loaded machine. */
const SHOWS = { timeout: 60_000 };

async function logIn(page: Page, email: string, password: string): Promise<void> {
  await page.goto(`${GATEWAY}/ops`, { waitUntil: 'domcontentloaded' });
  await page.waitForSelector('#login:not([hidden])');
  await page.type('#email', email);
  await page.type('#password', password);
  await page.click('#login button[type=submit]');
}

describe('the operator console at /ops, in headless Chromium', () => {
  let chromium: Chromium;
  let page: Page;
  let admin: Session;

  beforeAll(async () => {
    admin = await adminSession();
    chromium = await launchChromium();
    page = await chromium.browser.newPage();
    await page.setViewport({ width: 1400, height: 1200 });
  });

  afterAll(async () => {
    await chromium?.close();
    await disconnectProducer();
  });

  it('lets an admin log in and shows all seven services UP, with every consumer group’s lag', async () => {
    await logIn(page, admin.email, process.env.ADMIN_PASSWORD ?? 'Admin123!');

    await page.waitForFunction(
      (count) => {
        const rows = [...document.querySelectorAll<HTMLElement>('[data-service]')];
        return rows.length === count && rows.every((r) => r.dataset.status === 'UP');
      },
      SHOWS,
      SERVICE_NAMES.length,
    );
    const services = await page.$$eval('[data-service]', (rows) => rows.map((r) => (r as HTMLElement).dataset.service));
    expect(services.sort()).toEqual([...SERVICE_NAMES].sort());
    expect(await page.$eval('#platform', (e) => e.textContent)).toBe('UP');
    // Each panel draws when its own answer arrives.
    await page.waitForSelector('[data-group]', SHOWS);
    const groups = await page.$$eval('[data-group]', (rows) => rows.map((r) => (r as HTMLElement).dataset.group));
    expect(groups.sort()).toEqual([...CONSUMER_GROUPS].sort());
  });

  it('shows an order placed through the API among the recent orders, in the chart, and opens its timeline', async () => {
    const buyerInput = userInput();
    const buyer = await http('POST', `${GATEWAY}/api/auth/register`, { body: buyerInput });
    const customer = { userId: buyer.body._id, email: buyerInput.email, token: buyer.body.token };
    const product = await stockedProduct(admin, 12.5, 3);
    const placed = await placeOrder(customer, [{ product, quantity: 2 }]);
    expect(placed.status).toBe(201);
    const orderId: string = placed.body._id;
    expect((await settled(customer, orderId)).status).toBe('CONFIRMED');

    const row = `[data-order="${orderId}"]`;
    await page.waitForFunction((sel) => document.querySelector(sel)?.textContent?.includes('CONFIRMED'), SHOWS, row);
    expect(await page.$eval(row, (r) => r.textContent)).toContain('25.00');
    const confirmed = await page.$eval('.legend [data-status="CONFIRMED"]', (e) => e.textContent ?? '');
    expect(Number(confirmed.replace('CONFIRMED', ''))).toBeGreaterThanOrEqual(1);
    expect(await page.$$eval('#chart svg rect', (bars) => bars.length)).toBeGreaterThan(0);

    await page.click(`${row} button`);
    await page.waitForFunction((id) => document.getElementById('timeline-order')?.textContent === id, SHOWS, orderId);
    const steps = await page.$$eval('#timeline-steps li', (items) =>
      items.map((li) => ({ event: (li as HTMLElement).dataset.event, text: li.textContent ?? '' })),
    );
    expect(steps[0]).toMatchObject({ event: 'placed', text: expect.stringContaining('PENDING') });
    expect(steps.map((s) => s.event)).toEqual(expect.arrayContaining(['payment-completed', 'inventory-reserved']));
    expect(steps.at(-1)?.text).toContain('CONFIRMED');
  });

  it('lists a poison message under its topic with its reason, replays it fixed, and the list shrinks', async () => {
    const productId = randomUUID().replace(/-/g, '').slice(0, 24);
    const event = newEvent<ProductCreatedEvent>({ productId, name: 'Console lamp', price: 4, stock: 6 });
    await produce(TOPICS.PRODUCT_CREATED, { ...event, stock: -6 }, productId);

    // Both consumers of product-created refuse it: inventory-service and order-service.
    const letters = `[data-topic="${deadLetterTopic(TOPICS.PRODUCT_CREATED)}"] [data-key="${productId}"]`;
    await page.waitForFunction((sel) => document.querySelectorAll(sel).length === 2, SHOWS, letters);
    const reasons = await page.$$eval(`${letters} .reason`, (nodes) => nodes.map((n) => n.textContent));
    expect(reasons).toEqual([
      expect.stringMatching(/stock must not be less than 0/),
      expect.stringMatching(/stock must not be less than 0/),
    ]);
    mkdirSync(dirname(SCREENSHOT), { recursive: true });
    await page.screenshot({ path: SCREENSHOT });

    const before = await page.$$eval('[data-letter]', (nodes) => nodes.length);
    const fixed = JSON.stringify(event);
    for (let left = 2; left > 0; left--) {
      const letter = (await page.$(letters))!;
      const address = await letter.evaluate((n) => (n as HTMLElement).dataset.letter);
      const value = (await letter.$('textarea'))!;
      await value.click();
      await page.keyboard.down('Control');
      await page.keyboard.press('A');
      await page.keyboard.up('Control');
      await value.type(fixed);
      await (await letter.$('button.replay'))!.click();
      await page.waitForFunction((sel) => !document.querySelector(sel), SHOWS, `[data-letter="${address}"]`);
    }

    expect(await page.$$(letters)).toHaveLength(0);
    expect(await page.$$eval('[data-letter]', (nodes) => nodes.length)).toBe(before - 2);
    expect(await page.$eval('#dlq-error', (e) => e.textContent)).toBe('');
    const stock = await eventually(
      () => http('GET', `${GATEWAY}/api/inventory/${productId}`),
      (r) => r.status === 200,
      { what: 'inventory to process the fixed event' },
    );
    expect(stock.body).toEqual({ productId, stock: 6 });
    const replayed = await http('GET', `${GATEWAY}/api/admin/dead-letters?topic=product-created.dlq&state=all`, {
      token: admin.token,
    });
    expect(replayed.body.topics[0].letters.filter((l: { key: string }) => l.key === productId)).toEqual([
      expect.objectContaining({ replayedAt: expect.any(String) }),
      expect.objectContaining({ replayedAt: expect.any(String) }),
    ]);
  });

  it('refuses a customer: the page shows the 403, and every admin API answers it', async () => {
    const input = userInput();
    const registered = await http('POST', `${GATEWAY}/api/auth/register`, { body: input });
    const token: string = registered.body.token;

    await page.click('#logout');
    await logIn(page, input.email, input.password);
    await page.waitForSelector('#refused:not([hidden])', SHOWS);
    expect(await page.$eval('#refused-message', (e) => e.textContent)).toMatch(/403 Forbidden/);
    expect(await page.$eval('#console', (e) => (e as HTMLElement).hidden)).toBe(true);

    const asCustomer = (method: string, path: string) =>
      http(method, `${GATEWAY}${path}`, { token, body: method === 'POST' ? {} : undefined });
    const answers = await Promise.all([
      asCustomer('GET', '/api/admin/consumer-lag'),
      asCustomer('GET', '/api/admin/dead-letters'),
      asCustomer('POST', '/api/admin/dead-letters/product-created.dlq/0/0/replay'),
      asCustomer('POST', '/api/admin/dead-letters/product-created.dlq/replay'),
      asCustomer('GET', '/api/orders/stats'),
    ]);
    expect(answers.map((a) => a.status)).toEqual([403, 403, 403, 403, 403]);
  });
});
