import { randomBytes } from 'node:crypto';
import { connect } from 'node:net';
import { networkInterfaces } from 'node:os';
import { join } from 'node:path';
import { Kafka, KafkaConfig, logLevel } from 'kafkajs';
import { TOPICS } from '@app/events';
import { Session, admin as adminSession, customer } from './support/accounts';
import { userInput } from './factories/user.factory';
import { http } from './support/http';
import { kafkaBrokers, kafkaClient, kafkaCredentials } from './support/kafka';
import { ROOT, ServiceProcess, freePort, runNode, spawnService } from './support/processes';
import { stockedProduct } from './support/shop';
import { GATEWAY, SERVICE_NAMES } from './support/stack';
import services from '../libs/common/src/services.json';

// docs/SECURITY.md: what an attacker on the same network, or with a browser, can and cannot do.
const API = `${GATEWAY}/api`;

/** An address of this machine that is not loopback, as a neighbour on the network would reach it. */
function lanAddress(): string {
  const address = Object.values(networkInterfaces())
    .flat()
    .find((a) => a && a.family === 'IPv4' && !a.internal)?.address;
  if (!address) throw new Error('this machine has no non-loopback IPv4 address to probe from');
  return address;
}

/** Whether a TCP connection to host:port is accepted. */
function reachable(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port, timeout: 2_000 });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
    socket.once('timeout', () => {
      socket.destroy();
      resolve(false);
    });
  });
}

describe('network exposure', () => {
  it('every service listens on loopback only: unreachable on the machine’s network address, reachable on 127.0.0.1', async () => {
    const host = lanAddress();
    for (const service of SERVICE_NAMES) {
      const { port } = services[service];
      expect([service, await reachable(host, port)]).toEqual([service, false]);
      expect([service, await reachable('127.0.0.1', port)]).toEqual([service, true]);
    }
  });
});

describe('internal endpoints on a gateway exposed to the network', () => {
  const METRICS_TOKEN = randomBytes(32).toString('base64url');
  let gateway: ServiceProcess;
  let lan: string;
  let admin: Session;

  beforeAll(async () => {
    // As in a container: listening on every interface, so a neighbour can reach it.
    gateway = await spawnService('api-gateway', {
      HOST: '0.0.0.0',
      METRICS_TOKEN,
      RATE_LIMIT_MAX: '5',
      RATE_LIMIT_KEY_PREFIX: `ratelimit-e2e-${randomBytes(6).toString('hex')}`,
    });
    lan = `http://${lanAddress()}:${new URL(gateway.url).port}`;
    admin = await adminSession();
  });
  afterAll(() => gateway.stop());

  it('/metrics refuses a public caller with 403, and answers loopback and the METRICS_TOKEN bearer', async () => {
    const refused = await http('GET', `${lan}/metrics`);
    expect(refused.status).toBe(403);
    expect(refused.body.message).toMatch(/Metrics are for internal callers/);
    expect(await http('GET', `${lan}/metrics`, { headers: { 'x-forwarded-for': '127.0.0.1' } })).toMatchObject({
      status: 403,
    });

    expect((await http('GET', `${lan}/metrics`, { token: METRICS_TOKEN })).body).toMatch(/^# HELP /m);
    expect((await http('GET', `${gateway.url}/metrics`)).status).toBe(200);
  });

  it('/health tells a public caller UP or DOWN only, and admins and internal callers every detail', async () => {
    const bare = await http('GET', `${lan}/health`);
    expect(Object.keys(bare.body).sort()).toEqual(['service', 'status']);
    expect(Object.keys((await http('GET', `${lan}/health/ready`)).body).sort()).toEqual(['service', 'status']);

    expect((await http('GET', `${lan}/health`, { token: admin.token })).body.services).toBeDefined();
    expect((await http('GET', `${gateway.url}/health`)).body.services).toBeDefined();
  });

  it('/health counts against the rate limit; the probes do not, nor does an admin', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 8; i++) statuses.push((await http('GET', `${lan}/health`)).status);
    expect(statuses).toContain(429);
    for (let i = 0; i < 8; i++) expect((await http('GET', `${lan}/health/live`)).status).toBe(200);
    for (let i = 0; i < 8; i++) expect((await http('GET', `${lan}/health`, { token: admin.token })).status).toBe(200);
  });
});

describe('login throttle', () => {
  const LOGIN = `${API}/auth/login`;

  it('the 11th wrong password for one account gets 429 with Retry-After, through the gateway, even with the right password', async () => {
    const input = userInput();
    expect((await http('POST', `${API}/auth/register`, { body: input })).status).toBe(201);

    for (let i = 0; i < 10; i++) {
      const wrong = await http('POST', LOGIN, { body: { email: input.email, password: `wrong-${i}` } });
      expect(wrong.status).toBe(401);
    }
    const throttled = await http('POST', LOGIN, { body: { email: input.email, password: input.password } });

    expect(throttled.status).toBe(429);
    expect(throttled.body).toMatchObject({ statusCode: 429, error: 'Too Many Requests', code: 'AUTH_THROTTLED' });
    expect(Number(throttled.headers.get('retry-after'))).toBeGreaterThan(0);
    // Other accounts are not affected.
    const other = userInput();
    expect((await http('POST', `${API}/auth/register`, { body: other })).status).toBe(201);
    expect((await http('POST', LOGIN, { body: { email: other.email, password: other.password } })).status).toBe(200);
  });

  it('a correct password clears the account’s count', async () => {
    const input = userInput();
    expect((await http('POST', `${API}/auth/register`, { body: input })).status).toBe(201);
    const attempt = (password: string) => http('POST', LOGIN, { body: { email: input.email, password } });

    for (let i = 0; i < 9; i++) expect((await attempt('wrong')).status).toBe(401);
    expect((await attempt(input.password)).status).toBe(200);
    for (let i = 0; i < 9; i++) expect((await attempt('wrong')).status).toBe(401);

    expect((await attempt(input.password)).status).toBe(200);
  });

  describe('per client, behind the gateway', () => {
    let users: ServiceProcess;
    beforeAll(async () => {
      users = await spawnService('user-service', { LOGIN_MAX_FAILURES_PER_CLIENT: '5' });
    });
    afterAll(() => users.stop());

    it('counts failures by the client the gateway names in X-Forwarded-For, over any accounts', async () => {
      const client = `198.51.100.${1 + (randomBytes(1)[0] % 250)}`;
      const login = (from: string) =>
        http('POST', `${users.url}/auth/login`, {
          body: { email: userInput().email, password: 'guess' },
          headers: { 'x-forwarded-for': from },
        });

      for (let i = 0; i < 5; i++) expect((await login(client)).status).toBe(401);
      const throttled = await login(client);

      expect(throttled.status).toBe(429);
      expect(throttled.headers.get('retry-after')).toMatch(/^\d+$/);
      expect((await login('203.0.113.9')).status).toBe(401);
    });
  });
});

describe('bad input is a 400, never a 500', () => {
  let admin: Session;
  let shopper: Session;
  let product: string;

  beforeAll(async () => {
    admin = await adminSession();
    shopper = await customer();
    product = await stockedProduct(admin, 5, 10);
  });

  const deep = (depth: number) => `{"items":${'['.repeat(depth)}${']'.repeat(depth)}}`;

  it.each([
    ['POST', '/auth/register', false],
    ['POST', '/auth/login', false],
    ['POST', '/auth/refresh', false],
    ['POST', '/auth/logout', false],
    ['POST', '/orders', true],
    ['POST', '/products', true],
    ['PATCH', '/products/:id', true],
  ])('JSON nested 5,000 deep on %s %s is 400 before validation', async (method, path, authenticated) => {
    const token = authenticated ? (path === '/orders' ? shopper.token : admin.token) : undefined;
    const url = `${API}${path.replace(':id', product)}`;

    const res = await http(method, url, { token, body: deep(5_000) });

    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ statusCode: 400, error: 'Bad Request' });
    expect(res.body.message).toMatch(/nested more than 32 levels/);
  });

  it('JSON nested within the bound reaches validation, which refuses nested arrays as order lines', async () => {
    const res = await http('POST', `${API}/orders`, { token: shopper.token, body: deep(20) });
    expect(res.status).toBe(400);
    expect(res.body.message).toEqual(['items must hold objects, not arrays or values']);
  });

  it.each([
    [
      'a page beyond the last',
      'GET',
      '/orders?page=1e308',
      /page must not be greater than 10000|page must be an integer/,
    ],
    ['a hexadecimal price bound', 'GET', '/products?minPrice=0x10', /minPrice must be a number/],
    ['a price bound in exponent form', 'GET', '/products?maxPrice=1e3', /maxPrice must be a number/],
    ['an unknown query parameter', 'GET', '/products?color=red', /property color should not exist/],
  ])('%s: %s %s', async (_what, method, path, message) => {
    const res = await http(method, `${API}${path}`, { token: shopper.token });
    expect(res.status).toBe(400);
    expect(JSON.stringify(res.body.message)).toMatch(message);
  });

  it.each([
    ['price null', { price: null }, /price must be a number/],
    ['description null', { description: null }, /description must be a string/],
    ['name null', { name: null }, /name must be a string/],
  ])('PATCH /products/:id with %s is 400 and changes nothing', async (_what, body, message) => {
    const before = (await http('GET', `${API}/products/${product}`)).body;

    const res = await http('PATCH', `${API}/products/${product}`, { token: admin.token, body });

    expect(res.status).toBe(400);
    expect(JSON.stringify(res.body.message)).toMatch(message);
    expect((await http('GET', `${API}/products/${product}`)).body).toMatchObject({
      price: before.price,
      description: before.description,
      revision: before.revision,
    });
  });

  it.each([
    ['5e-324', 5e-324],
    ['0.001', 0.001],
  ])('POST /products with price %s is 400', async (_what, price) => {
    const res = await http('POST', `${API}/products`, {
      token: admin.token,
      body: { name: 'Exponent', price, stock: 1 },
    });
    expect(res.status).toBe(400);
    expect(JSON.stringify(res.body.message)).toMatch(/price must have at most 2 decimals/);
  });

  it('POST /products with description null is 400, not stored as null', async () => {
    const res = await http('POST', `${API}/products`, {
      token: admin.token,
      body: { name: 'Null description', description: null, price: 1, stock: 1 },
    });
    expect(res.status).toBe(400);
    expect(JSON.stringify(res.body.message)).toMatch(/description must be a string/);
  });
});

describe('Kafka: every client signs in, and a service may use only its own topics', () => {
  beforeAll(() => {
    if (process.env.KAFKA_BROKERS)
      throw new Error(
        `these tests sign in as the local services' principals; with KAFKA_BROKERS=${process.env.KAFKA_BROKERS} their passwords are not here (unset it to run the suite)`,
      );
  });

  const once: Partial<KafkaConfig> = { retry: { retries: 0 }, connectionTimeout: 2_000 };
  const as = (principal: string) => kafkaClient(`e2e-as-${principal}`, once, principal);

  /** An error and its causes, as kafkajs nests them: each one's broker error type, if any, and message. */
  function described(error: unknown): string {
    const parts: string[] = [];
    for (let e = error as (Error & { type?: string; cause?: unknown }) | undefined; e; e = e.cause as typeof e)
      parts.push(`${e.type ? `${e.type}: ` : ''}${e.message}`);
    return parts.join(' <- ');
  }

  /** What the broker said refusing the attempt; an attempt that succeeds fails the test. */
  async function refusal(attempt: Promise<unknown>): Promise<string> {
    const error = await attempt.then(
      () => undefined,
      (e: unknown) => e ?? new Error('rejected without a reason'),
    );
    if (!error) throw new Error('the broker allowed it');
    return described(error);
  }

  it('refuses a client without credentials, and one with a wrong password', async () => {
    const anonymous = new Kafka({
      clientId: 'e2e-anonymous',
      brokers: kafkaBrokers(),
      logLevel: logLevel.NOTHING,
      ...once,
    });
    const admin = anonymous.admin();
    // kafkajs's connect() only asks the API versions, which a broker answers before sign-in; a listing needs it.
    expect(await refusal(admin.connect().then(() => admin.listTopics()))).toMatch(
      /closed|disconnected|SASL|authenticat/i,
    );
    await admin.disconnect();

    const guessed = new Kafka({
      clientId: 'e2e-guessed',
      brokers: kafkaBrokers(),
      logLevel: logLevel.NOTHING,
      sasl: { mechanism: 'scram-sha-256', username: 'order-service', password: 'not-its-password' },
      ...once,
    });
    expect(await refusal(guessed.admin().connect())).toMatch(/SASL SCRAM SHA256 authentication failed/);
  });

  it('a producer signed in as order-service is refused payment-completed, while the topics it owns are its to see', async () => {
    const kafka = as('order-service');
    const admin = kafka.admin();
    await admin.connect();
    // As the services' producers are (kafka.config.ts); idempotence needs a retry.
    const producer = kafka.producer({
      idempotent: true,
      maxInFlightRequests: 1,
      allowAutoTopicCreation: false,
      retry: { retries: 1 },
    });
    await producer.connect();
    try {
      const { topics } = await admin.fetchTopicMetadata({ topics: [TOPICS.ORDER_CREATED] });
      expect(topics.map((t) => t.name)).toEqual([TOPICS.ORDER_CREATED]);

      const forged = { eventId: 'forged', orderId: 'forged', amount: 0 };
      const refused = await refusal(
        producer.send({
          topic: TOPICS.PAYMENT_COMPLETED,
          messages: [{ key: 'forged', value: JSON.stringify(forged) }],
        }),
      );
      expect(refused).toMatch(/TOPIC_AUTHORIZATION_FAILED/);
    } finally {
      await producer.disconnect();
      await admin.disconnect();
    }
  });

  /** How a consumer signed in as `principal` fares with `topic` in `group`: the refusal it meets, if any. */
  async function consume(principal: string, group: string, topic: string): Promise<string> {
    const consumer = as(principal).consumer({ groupId: group, allowAutoTopicCreation: false, retry: { retries: 0 } });
    const crashed = new Promise<string>((resolve) =>
      consumer.on(consumer.events.CRASH, ({ payload }) => resolve(described(payload.error))),
    );
    const joined = new Promise<string>((resolve) => consumer.on(consumer.events.GROUP_JOIN, () => resolve('joined')));
    try {
      await consumer.connect();
      await consumer.subscribe({ topics: [topic] });
      await consumer.run({ eachMessage: async () => undefined });
      return await Promise.race([crashed, joined]);
    } catch (error) {
      return described(error);
    } finally {
      await consumer.disconnect();
    }
  }

  it('a service reads only the topics it consumes, and only in its own group', async () => {
    // notification-service consumes payment-completed, not order-created; its group is its own name.
    // kafkajs reports a group the broker will not describe to this principal as one with no coordinator
    // (it drops the GROUP_AUTHORIZATION_FAILED under it); the admin finds that group's coordinator at once.
    expect(await consume('notification-service', 'payment-service', TOPICS.PAYMENT_COMPLETED)).toMatch(
      /GROUP_AUTHORIZATION_FAILED|Failed to find group coordinator/,
    );
    const admin = kafkaClient('e2e-groups').admin();
    await admin.connect();
    try {
      const { groups } = await admin.describeGroups(['payment-service']);
      expect(groups[0]).toMatchObject({ groupId: 'payment-service', state: 'Stable' });
    } finally {
      await admin.disconnect();
    }
    expect(await consume('notification-service', 'notification-service', TOPICS.ORDER_CREATED)).toMatch(
      /TOPIC_AUTHORIZATION_FAILED/,
    );
  });
});

describe('production start-up', () => {
  const strong = () => randomBytes(32).toString('base64url');
  const start = async (env: Record<string, string | undefined>) =>
    runNode([join(ROOT, 'dist/apps/user-service/main.js')], {
      env: {
        PATH: process.env.PATH,
        NODE_ENV: 'production',
        PORT: String(await freePort()),
        LOG_DIR: join(ROOT, 'logs'),
        ADMIN_EMAIL: `root-${randomBytes(4).toString('hex')}@shop.example`,
        ADMIN_PASSWORD: strong(),
        ...env,
      } as NodeJS.ProcessEnv,
      timeoutMs: 60_000,
    });

  it.each([
    ['no secret', undefined, /JWT_SECRET is missing/],
    ["docker-compose.yml's old secret", 'compose-local-secret-change-me', /JWT_SECRET is a published example value/],
    ['the old development constant', 'commercex-local-development-secret', /JWT_SECRET is a published example value/],
    ['a 12-character secret', 'Zq8#rT2!mW5x', /JWT_SECRET must be at least 32 characters/],
  ])('refuses %s, naming the problem', async (_what, JWT_SECRET, problem) => {
    const res = await start({ JWT_SECRET });

    expect(res.code).not.toBe(0);
    // The reason is one log line (JSON on stdout) or the last words on stderr.
    expect(`${res.stdout}${res.stderr}`).toMatch(problem);
  });

  it.each([
    ['the development default', 'Admin123!', /ADMIN_PASSWORD must be 12 to 128 characters \(it has 9\)/],
    ['a common password', 'password1234', /ADMIN_PASSWORD is too easy to guess/],
  ])('refuses an ADMIN_PASSWORD that is %s, naming it and why', async (_what, ADMIN_PASSWORD, problem) => {
    const res = await start({ JWT_SECRET: strong(), ADMIN_PASSWORD });

    expect(res.code).not.toBe(0);
    expect(`${res.stdout}${res.stderr}`).toMatch(problem);
  });

  it('refuses while an admin made on the development stack still has the default password', async () => {
    // The shared stack's database holds admin@commercex.local with the development password.
    expect((await adminSession()).token).toBeTruthy();
    const port = await freePort();

    const res = await start({ JWT_SECRET: strong(), PORT: String(port) });

    expect(res.code).not.toBe(0);
    expect(`${res.stdout}${res.stderr}`).toMatch(
      /admin account admin@commercex\.local still has the development default password/,
    );
    expect(await reachable('127.0.0.1', port)).toBe(false);
  });
});
