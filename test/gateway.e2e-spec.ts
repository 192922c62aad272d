import { randomInt, randomUUID } from 'node:crypto';
import { createServer, Server } from 'node:http';
import { JwtService } from '@nestjs/jwt';
import { Role } from '@app/auth';
import { productInput } from './factories/product.factory';
import { userInput } from './factories/user.factory';
import { http } from './support/http';
import { ServiceProcess, freePort, spawnService } from './support/processes';
import { GATEWAY, SERVICE_NAMES, serviceUrl } from './support/stack';
import { accessToken } from './support/tokens';

const API = `${GATEWAY}/api`;
const UNKNOWN_ID = '0'.repeat(24);
const fakeClientIp = () => `198.51.${randomInt(0, 256)}.${randomInt(1, 255)}`;

describe('identity through the gateway', () => {
  it('registers, logs in, reads the profile and rotates the refresh token', async () => {
    const user = userInput();

    const registered = await http('POST', `${API}/auth/register`, { body: user });
    expect(registered.status).toBe(201);
    expect(registered.body).toMatchObject({ name: user.name, email: user.email, role: 'customer' });

    const login = await http('POST', `${API}/auth/login`, { body: { email: user.email, password: user.password } });
    expect(login.status).toBe(200);

    const profile = await http('GET', `${API}/users/profile`, { token: login.body.token });
    expect(profile).toMatchObject({ status: 200, body: { _id: registered.body._id, email: user.email } });

    const refreshed = await http('POST', `${API}/auth/refresh`, { body: { refreshToken: login.body.refreshToken } });
    expect(refreshed.status).toBe(200);
    const reused = await http('POST', `${API}/auth/refresh`, { body: { refreshToken: login.body.refreshToken } });
    expect(reused.status).toBe(401);
  });

  it('answers 409 for a taken email, 401 without a token and 403 for the wrong role', async () => {
    const user = userInput();
    await http('POST', `${API}/auth/register`, { body: user });

    const again = await http('POST', `${API}/auth/register`, { body: user });
    expect(again).toMatchObject({ status: 409, body: { statusCode: 409, error: 'Conflict' } });

    const anonymous = await http('GET', `${API}/users/profile`);
    expect(anonymous).toMatchObject({ status: 401, body: { statusCode: 401, error: 'Unauthorized' } });

    const asCustomer = await http('POST', `${API}/products`, {
      token: accessToken(Role.Customer),
      body: productInput(),
    });
    expect(asCustomer).toMatchObject({ status: 403, body: { statusCode: 403, error: 'Forbidden' } });
  });

  it('rejects an operator object where a string is expected, before any query', async () => {
    const res = await http('POST', `${API}/auth/login`, { body: { email: { $gt: '' }, password: 'whatever1' } });

    expect(res.status).toBe(400);
    expect(res.body.error).toBe('Bad Request');
  });

  it('is not the only line of defence: a service port checks the token itself', async () => {
    const direct = await http('GET', `${serviceUrl('user-service')}/users/profile`);
    expect(direct.status).toBe(401);
  });
});

describe('edge hygiene', () => {
  it('sends helmet headers and no x-powered-by', async () => {
    const res = await http('GET', `${API}/products/${UNKNOWN_ID}`);

    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('x-frame-options')).toBe('SAMEORIGIN');
    expect(res.headers.get('strict-transport-security')).toMatch(/max-age=/);
    expect(res.headers.get('content-security-policy')).toMatch(/default-src 'self'/);
    expect(res.headers.get('x-powered-by')).toBeNull();
  });

  it('echoes the caller’s correlation id, and replaces one that is not acceptable', async () => {
    const id = `e2e-${randomUUID()}`;
    const kept = await http('GET', `${API}/products/${UNKNOWN_ID}`, { headers: { 'x-correlation-id': id } });
    expect(kept.headers.get('x-correlation-id')).toBe(id);

    const replaced = await http('GET', `${API}/products/${UNKNOWN_ID}`, {
      headers: { 'x-correlation-id': 'bad id\twith spaces' },
    });
    expect(replaced.headers.get('x-correlation-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('answers 413 for a body over 1 MB and 400 for malformed JSON', async () => {
    const big = await http('POST', `${API}/auth/register`, { body: { ...userInput(), name: 'x'.repeat(1_100_000) } });
    expect(big).toMatchObject({ status: 413, body: { statusCode: 413, error: 'Payload Too Large' } });

    const malformed = await http('POST', `${API}/auth/login`, { body: '{"email":' });
    expect(malformed).toMatchObject({ status: 400, body: { statusCode: 400, error: 'Bad Request' } });
  });

  it('answers 404 JSON for a route the API does not have', async () => {
    const res = await http('GET', `${API}/no-such-thing`);
    expect(res).toMatchObject({ status: 404, body: { statusCode: 404, error: 'Not Found' } });
  });

  it("does not forward product-service's service-to-service GET /prices", async () => {
    const res = await http('GET', `${API}/prices?ids=${UNKNOWN_ID}`);
    expect(res).toMatchObject({ status: 404, body: { statusCode: 404, error: 'Not Found' } });
  });
});

describe('gateway instances with their own settings', () => {
  const instances: ServiceProcess[] = [];
  // Each test's gateways count in buckets of their own, apart from the shared stack's gateway.
  const gateway = async (env: Record<string, string>, prefix = `ratelimit-e2e-${randomUUID()}`) => {
    const instance = await spawnService('api-gateway', { RATE_LIMIT_KEY_PREFIX: prefix, ...env });
    instances.push(instance);
    return instance;
  };
  let hanging: Server | undefined;

  afterAll(async () => {
    await Promise.all(instances.map((i) => i.stop()));
    hanging?.close();
  });

  describe('rate limits shared by two instances through Redis', () => {
    const limited = {
      RATE_LIMIT_MAX: '5',
      RATE_LIMIT_WINDOW_MS: '60000',
      TRUST_PROXY: 'true',
      RATE_LIMIT_KEY_PREFIX: `ratelimit-e2e-${randomUUID()}`,
    };
    let a: ServiceProcess;
    let b: ServiceProcess;

    beforeAll(async () => {
      [a, b] = await Promise.all([gateway(limited), gateway(limited)]);
    });

    const hit = (instance: ServiceProcess, ip: string, token?: string) =>
      http('GET', `${instance.url}/api/inventory/${UNKNOWN_ID}`, { token, headers: { 'x-forwarded-for': ip } });

    it('counts one client across both instances, then answers 429 with Retry-After', async () => {
      const ip = fakeClientIp();
      const remaining: string[] = [];
      for (let i = 0; i < 5; i++) {
        const res = await hit(i % 2 === 0 ? a : b, ip);
        expect(res.status).toBe(404);
        expect(res.headers.get('x-ratelimit-limit')).toBe('5');
        remaining.push(res.headers.get('x-ratelimit-remaining')!);
      }
      expect(remaining).toEqual(['4', '3', '2', '1', '0']);

      const limitedRes = await hit(b, ip);
      expect(limitedRes.status).toBe(429);
      expect(limitedRes.body).toMatchObject({ statusCode: 429, error: 'Too Many Requests' });
      expect(Number(limitedRes.headers.get('retry-after'))).toBeGreaterThan(0);
      expect((await hit(a, ip)).status).toBe(429);
    });

    it('keeps serving other clients, and gives a signed-in user a bucket of their own', async () => {
      const ip = fakeClientIp();
      for (let i = 0; i < 6; i++) await hit(a, ip);
      expect((await hit(a, ip)).status).toBe(429);

      expect((await hit(a, fakeClientIp())).status).toBe(404);
      expect((await hit(b, ip, accessToken(Role.Customer))).status).toBe(404);
    });

    it.each(['/docs-json', '/docs', '/docs/swagger-ui-bundle.js', '/docs/events', '/ops', '/ops/ops.js'])(
      'counts %s the same way: the 6th request from one client gets 429 with Retry-After, others are served',
      async (path) => {
        const ip = fakeClientIp();
        const get = (instance: ServiceProcess, from = ip) =>
          http('GET', `${instance.url}${path}`, { headers: { 'x-forwarded-for': from } });
        for (let i = 0; i < 5; i++) expect((await get(i % 2 === 0 ? a : b)).status).toBe(200);

        const limitedRes = await get(b);

        expect(limitedRes.status).toBe(429);
        expect(limitedRes.body).toMatchObject({ statusCode: 429, error: 'Too Many Requests' });
        expect(Number(limitedRes.headers.get('retry-after'))).toBeGreaterThan(0);
        expect((await get(a)).status).toBe(429);
        expect((await get(a, fakeClientIp())).status).toBe(200);
      },
    );

    it('counts a forged token against the address, not a user', async () => {
      const ip = fakeClientIp();
      const forged = new JwtService({ secret: 'not-the-platform-secret-at-all' }).sign({
        sub: randomUUID(),
        email: 'x@y.z',
        role: 'customer',
      });
      for (let i = 0; i < 5; i++) await hit(a, ip);

      expect((await hit(a, ip, forged)).status).toBe(429);
    });
  });

  it('answers a quick 503 JSON when the service behind a route is down', async () => {
    const instance = await gateway({ PRODUCT_SERVICE_URL: `http://127.0.0.1:${await freePort()}` });

    const started = Date.now();
    const res = await http('GET', `${instance.url}/api/products/${UNKNOWN_ID}`);

    expect(res).toMatchObject({ status: 503, body: { statusCode: 503, error: 'Service Unavailable' } });
    expect(res.body.message).toContain('product-service');
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('gives up with 504 when a service accepts the request but never answers', async () => {
    hanging = createServer(() => undefined);
    const port = await new Promise<number>((resolve) =>
      hanging!.listen(0, '127.0.0.1', () => resolve((hanging!.address() as { port: number }).port)),
    );
    const instance = await gateway({ INVENTORY_SERVICE_URL: `http://127.0.0.1:${port}`, UPSTREAM_TIMEOUT_MS: '500' });

    const res = await http('GET', `${instance.url}/api/inventory/${UNKNOWN_ID}`);

    expect(res).toMatchObject({ status: 504, body: { statusCode: 504, error: 'Gateway Timeout' } });
  });

  it('allows the configured CORS origins', async () => {
    const instance = await gateway({ CORS_ORIGINS: 'https://shop.example' });

    const res = await http('OPTIONS', `${instance.url}/api/products`, {
      headers: { origin: 'https://shop.example', 'access-control-request-method': 'GET' },
    });

    expect(res.headers.get('access-control-allow-origin')).toBe('https://shop.example');
  });
});

describe('OpenAPI and metrics', () => {
  it('the gateway documents the public routes of every service under /api', async () => {
    const res = await http('GET', `${GATEWAY}/docs-json`);

    expect(res.status).toBe(200);
    expect(Object.keys(res.body.paths)).toEqual(
      expect.arrayContaining([
        '/api/auth/register',
        '/api/auth/login',
        '/api/auth/refresh',
        '/api/users/profile',
        '/api/products',
        '/api/products/{id}',
        '/api/inventory/{productId}',
        '/api/orders',
        '/api/orders/{id}',
        '/api/payments',
        '/api/notifications',
      ]),
    );
    expect(Object.keys(res.body.paths).filter((p) => p.startsWith('/api/health'))).toEqual([]);
    expect((await http('GET', `${GATEWAY}/docs`)).status).toBe(200);
  });

  it.each(SERVICE_NAMES)('%s serves Prometheus metrics with an HTTP duration histogram', async (name) => {
    await http('GET', `${serviceUrl(name)}/health/live`);

    const res = await http('GET', `${serviceUrl(name)}/metrics`);

    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
    const liveCounts = (res.body as string)
      .split('\n')
      .filter(
        (line) => line.startsWith('http_request_duration_seconds_count{') && line.includes('route="/health/live"'),
      );
    expect(liveCounts).toEqual([expect.stringMatching(new RegExp(`service="${name}".*status="200"\\} [1-9]`))]);
    expect(res.body).toContain('process_cpu_user_seconds_total');
  });
});
