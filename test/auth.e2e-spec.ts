import { JwtService } from '@nestjs/jwt';
import { userInput, UserInput } from './factories/user.factory';
import { http, HttpResult } from './support/http';
import { stackJwtSecret } from './support/secrets';
import { GATEWAY, serviceUrl } from './support/stack';

const USERS = serviceUrl('user-service');
const REGISTER = `${USERS}/auth/register`;
const LOGIN = `${USERS}/auth/login`;
const REFRESH = `${USERS}/auth/refresh`;
const LOGOUT = `${USERS}/auth/logout`;
const PROFILE = `${USERS}/users/profile`;

const AUTH_KEYS = ['_id', 'email', 'name', 'refreshToken', 'role', 'token'];

interface Session {
  _id: string;
  name: string;
  email: string;
  role: string;
  token: string;
  refreshToken: string;
}

async function register(input: UserInput = userInput()): Promise<Session> {
  const res = await http<Session>('POST', REGISTER, { body: input });
  expect(res.status).toBe(201);
  return res.body;
}

const refresh = (refreshToken: string) => http<Session>('POST', REFRESH, { body: { refreshToken } });

function expectErrorBody(res: HttpResult, statusCode: number): void {
  expect(res.status).toBe(statusCode);
  expect(res.body).toMatchObject({ statusCode, message: expect.anything(), error: expect.any(String) });
}

describe('register (user-service :3001)', () => {
  it('answers 201 with the account and a token pair; a customer, and no password or hash in sight', async () => {
    const input = userInput();

    const res = await http<Session>('POST', REGISTER, { body: input });

    expect(res.status).toBe(201);
    expect(Object.keys(res.body).sort()).toEqual(AUTH_KEYS);
    expect(res.body).toMatchObject({ name: input.name, email: input.email, role: 'customer' });
    expect(res.body._id).toMatch(/^[0-9a-f]{24}$/);
    const raw = JSON.stringify(res.body);
    expect(raw).not.toContain(input.password);
    expect(raw).not.toContain('$argon2');
  });

  it('stores the email trimmed and lower-cased', async () => {
    const input = userInput();

    const session = await register({ ...input, email: `  ${input.email.toUpperCase()} ` });

    expect(session.email).toBe(input.email);
  });

  it('refuses a role in the body with 400: nobody registers as admin', async () => {
    const res = await http('POST', REGISTER, { body: { ...userInput(), role: 'admin' } });

    expectErrorBody(res, 400);
    expect(JSON.stringify(res.body.message)).toContain('role');
  });

  it('answers 409 for a taken email, whatever its letter case', async () => {
    const first = userInput();
    await register(first);

    const same = await http('POST', REGISTER, { body: userInput({ email: first.email }) });
    const shouted = await http('POST', REGISTER, { body: userInput({ email: first.email.toUpperCase() }) });

    expectErrorBody(same, 409);
    expectErrorBody(shouted, 409);
  });

  it.each([
    ['an empty name', { name: '' }],
    ['a name over 100 characters', { name: 'n'.repeat(101) }],
    ['a malformed email', { email: 'not-an-email' }],
    ['a password under 12 characters', { password: 'Zq8#rT2!mW5' }],
    ['a name with a control character', { name: 'Mallory\r\nX-Injected: 1' }],
    ['an email with a control character', { email: 'mallory\u0000@example.com' }],
    ['a password over 128 characters', { password: 'p'.repeat(129) }],
    ['an operator instead of an email', { email: { $gt: '' } }],
  ])('answers 400 for %s', async (_, override) => {
    expectErrorBody(await http('POST', REGISTER, { body: { ...userInput(), ...override } }), 400);
  });

  it.each([
    ['a common password', () => ({ password: 'password1234' })],
    ['a keyboard pattern', () => ({ password: 'qwertyuiop12' })],
    ['a repeated pattern', () => ({ password: 'abcabcabcabc' })],
    [
      'the account’s own email',
      () => {
        const input = userInput();
        return { email: input.email, password: input.email };
      },
    ],
  ])('refuses %s as a new password, saying why', async (_, override) => {
    const res = await http('POST', REGISTER, { body: { ...userInput(), ...override() } });

    expectErrorBody(res, 400);
    expect(JSON.stringify(res.body.message)).toMatch(/password is too easy to guess/);
  });
});

describe('login', () => {
  it('answers 200 with the account and a fresh token pair', async () => {
    const input = userInput();
    const registered = await register(input);

    const res = await http<Session>('POST', LOGIN, { body: { email: input.email, password: input.password } });

    expect(res.status).toBe(200);
    expect(Object.keys(res.body).sort()).toEqual(AUTH_KEYS);
    expect(res.body).toMatchObject({ _id: registered._id, email: input.email, role: 'customer' });
    expect(res.body.refreshToken).not.toBe(registered.refreshToken);
  });

  it('answers 401 with the same message for a wrong password and for an unknown email', async () => {
    const input = userInput();
    await register(input);

    const wrongPassword = await http('POST', LOGIN, { body: { email: input.email, password: `${input.password}x` } });
    const unknownEmail = await http('POST', LOGIN, { body: { email: userInput().email, password: input.password } });

    expectErrorBody(wrongPassword, 401);
    expectErrorBody(unknownEmail, 401);
    expect(unknownEmail.body).toEqual(wrongPassword.body);
  });

  it('answers 400, not a login, for an operator in place of the email', async () => {
    const res = await http('POST', LOGIN, { body: { email: { $gt: '' }, password: 'x' } });

    expectErrorBody(res, 400);
  });

  it('lets the bootstrap admin in with role admin (development defaults)', async () => {
    const res = await http<Session>('POST', LOGIN, {
      body: {
        email: process.env.ADMIN_EMAIL ?? 'admin@commercex.local',
        password: process.env.ADMIN_PASSWORD ?? 'Admin123!',
      },
    });

    expect(res.status).toBe(200);
    expect(res.body.role).toBe('admin');
  });
});

describe('profile', () => {
  const jwt = new JwtService({ secret: stackJwtSecret() });

  it('answers the caller for a valid token', async () => {
    const input = userInput();
    const session = await register(input);

    const res = await http('GET', PROFILE, { token: session.token });

    expect(res.status).toBe(200);
    expect(Object.keys(res.body).sort()).toEqual(['_id', 'createdAt', 'email', 'name', 'role']);
    expect(res.body).toMatchObject({ _id: session._id, name: input.name, email: input.email, role: 'customer' });
    expect(Number.isNaN(Date.parse(res.body.createdAt))).toBe(false);
  });

  it('answers 401 without a token, with a garbage one, with a forged one and with an expired one', async () => {
    const session = await register();
    const claims = { sub: session._id, email: session.email, role: session.role };
    const expired = jwt.sign({ ...claims, exp: Math.floor(Date.now() / 1000) - 60 });
    const forged = new JwtService({ secret: 'not-the-secret-of-this-stack' }).sign(claims);

    expectErrorBody(await http('GET', PROFILE), 401);
    expectErrorBody(await http('GET', PROFILE, { token: 'garbage.token.here' }), 401);
    expectErrorBody(await http('GET', PROFILE, { token: forged }), 401);
    expectErrorBody(await http('GET', PROFILE, { token: expired }), 401);
  });

  it('answers 401 for a token without an expiry, which would never expire', async () => {
    const session = await register();
    const timeless = jwt.sign({ sub: session._id, email: session.email, role: session.role });

    expectErrorBody(await http('GET', PROFILE, { token: timeless }), 401);
  });

  it.each([
    ['the development constant of earlier versions', 'commercex-local-development-secret'],
    ["docker-compose.yml's old default", 'compose-local-secret-change-me'],
  ])('refuses an admin token forged with %s, through the gateway', async (_what, secret) => {
    const forged = new JwtService({ secret }).sign(
      { sub: 'a'.repeat(24), email: 'mallory@example.com', role: 'admin' },
      { expiresIn: '15m' },
    );

    for (const path of ['/api/orders', '/api/payments', '/api/users/profile'])
      expectErrorBody(await http('GET', `${GATEWAY}${path}`, { token: forged }), 401);
  });
});

describe('refresh tokens', () => {
  it('rotate: the new pair works, and the old refresh token is refused', async () => {
    const session = await register();

    const rotated = await refresh(session.refreshToken);

    expect(rotated.status).toBe(200);
    expect(Object.keys(rotated.body).sort()).toEqual(AUTH_KEYS);
    expect(rotated.body.refreshToken).not.toBe(session.refreshToken);
    expect((await http('GET', PROFILE, { token: rotated.body.token })).status).toBe(200);
    expect((await refresh(rotated.body.refreshToken)).status).toBe(200);
  });

  it('reuse of a used token answers 401 and also kills the token that was issued for it', async () => {
    const session = await register();
    const rotated = await refresh(session.refreshToken);
    expect(rotated.status).toBe(200);

    expectErrorBody(await refresh(session.refreshToken), 401);
    expectErrorBody(await refresh(rotated.body.refreshToken), 401);
  });

  it('reuse does not end the same user’s other sessions', async () => {
    const input = userInput();
    const first = await register(input);
    const second = (await http<Session>('POST', LOGIN, { body: { email: input.email, password: input.password } }))
      .body;
    await refresh(first.refreshToken);

    await refresh(first.refreshToken);

    expect((await refresh(second.refreshToken)).status).toBe(200);
  });

  it('of 10 simultaneous refreshes with one token exactly one succeeds', async () => {
    const session = await register();

    const results = await Promise.all(Array.from({ length: 10 }, () => refresh(session.refreshToken)));

    const statuses = results.map((r) => r.status).sort();
    expect(statuses).toEqual([200, ...Array(9).fill(401)]);
    // The losers presented a token that had already been redeemed: that is reuse, so the session is revoked.
    const winner = results.find((r) => r.status === 200)!;
    expect((await refresh(winner.body.refreshToken)).status).toBe(401);
  });

  it('logout answers 204 and revokes the session: its refresh tokens stop working', async () => {
    const session = await register();
    const rotated = await refresh(session.refreshToken);

    const res = await http('POST', LOGOUT, { body: { refreshToken: rotated.body.refreshToken } });

    expect(res.status).toBe(204);
    expectErrorBody(await refresh(rotated.body.refreshToken), 401);
  });

  it('answers 401 for an unknown refresh token and 400 for a body without one', async () => {
    expectErrorBody(await refresh(userInput().password), 401);
    expectErrorBody(await http('POST', REFRESH, { body: {} }), 400);
    expectErrorBody(await http('POST', REFRESH, { body: { refreshToken: { $ne: null } } }), 400);
  });
});
