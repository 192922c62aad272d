import { JwtService } from '@nestjs/jwt';
import { AccessTokenClaims, Role } from '@app/auth';
import { UserErrorCode, UserServiceError } from '../errors/user-service.error';
import { UserRecord, UsersService } from '../users/users.service';
import { AuthService } from './auth.service';
import { LoginThrottle } from './login-throttle.service';
import { PasswordHasher } from './password-hasher.service';
import { RefreshTokensService } from './refresh-tokens.service';

const SECRET = 'unit-test-secret-0123456789';
const CLIENT = '203.0.113.7';

function newTestService() {
  const stored: UserRecord & { passwordHash: string } = {
    _id: '665f1c2ab5d2a9c1e4f0a123',
    name: 'Ada',
    email: 'ada@example.com',
    role: Role.Customer,
    createdAt: new Date('2026-01-01T00:00:00Z'),
    passwordHash: 'hashed:right password',
  };
  const { passwordHash: _, ...record } = stored;
  const mocks = {
    users: {
      create: jest.fn(async (input: { name: string; email: string; role: Role }) => ({ ...record, ...input })),
      findCredentials: jest.fn(async (email: string) => (email === stored.email ? stored : null)),
      findById: jest.fn(async (id: string) => (id === stored._id ? record : null)),
    },
    refreshTokens: {
      issue: jest.fn(async () => 'refresh-from-login'),
      rotate: jest.fn(async () => ({ userId: stored._id, refreshToken: 'refresh-rotated' })),
      revoke: jest.fn(async () => undefined),
    },
    passwords: {
      hash: jest.fn(async (password: string) => `hashed:${password}`),
      verify: jest.fn(async (hash: string, password: string) => hash === `hashed:${password}`),
      verifyDecoy: jest.fn(async () => false as const),
    },
    throttle: {
      check: jest.fn(async () => undefined),
      failed: jest.fn(async () => undefined),
      succeeded: jest.fn(async () => undefined),
    },
  };
  const jwt = new JwtService({ secret: SECRET, signOptions: { algorithm: 'HS256', expiresIn: 900 } });
  const sut = new AuthService(
    mocks.users as unknown as UsersService,
    mocks.refreshTokens as unknown as RefreshTokensService,
    mocks.passwords as unknown as PasswordHasher,
    jwt,
    mocks.throttle as unknown as LoginThrottle,
  );
  return { sut, mocks, stored, jwt };
}

async function failure(promise: Promise<unknown>): Promise<UserServiceError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(UserServiceError);
  return error as UserServiceError;
}

describe(AuthService.name, () => {
  describe('register', () => {
    it('creates a customer with a hashed password and answers the account with a token pair', async () => {
      const { sut, mocks, jwt } = newTestService();

      const res = await sut.register({ name: 'Bob', email: 'bob@example.com', password: 'password123' });

      expect(mocks.users.create).toHaveBeenCalledWith({
        name: 'Bob',
        email: 'bob@example.com',
        passwordHash: 'hashed:password123',
        role: Role.Customer,
      });
      expect(Object.keys(res).sort()).toEqual(['_id', 'email', 'name', 'refreshToken', 'role', 'token']);
      expect(res).toMatchObject({
        name: 'Bob',
        email: 'bob@example.com',
        role: Role.Customer,
        refreshToken: 'refresh-from-login',
      });
      const claims = jwt.verify<AccessTokenClaims & { exp: number; iat: number }>(res.token, { algorithms: ['HS256'] });
      expect(claims).toMatchObject({ sub: res._id, email: 'bob@example.com', role: Role.Customer });
      expect(claims.exp - claims.iat).toBe(900);
      expect(mocks.refreshTokens.issue).toHaveBeenCalledWith(res._id);
    });

    it('passes on USER_EMAIL_TAKEN from the unique index', async () => {
      const { sut, mocks } = newTestService();
      mocks.users.create.mockRejectedValueOnce(new UserServiceError(UserErrorCode.EmailTaken));

      const error = await failure(sut.register({ name: 'Ada', email: 'ada@example.com', password: 'password123' }));

      expect(error.code).toBe(UserErrorCode.EmailTaken);
      expect(mocks.refreshTokens.issue).not.toHaveBeenCalled();
    });
  });

  describe('login', () => {
    it('answers the account and a token pair, without the password hash', async () => {
      const { sut, stored } = newTestService();

      const res = await sut.login({ email: stored.email, password: 'right password' }, CLIENT);

      expect(res).toMatchObject({ _id: stored._id, role: Role.Customer, refreshToken: 'refresh-from-login' });
      expect(JSON.stringify(res)).not.toContain('hashed:');
    });

    it('refuses a wrong password and an unknown email with the same code and message', async () => {
      const { sut, stored } = newTestService();

      const wrongPassword = await failure(sut.login({ email: stored.email, password: 'wrong password' }, CLIENT));
      const unknownEmail = await failure(
        sut.login({ email: 'nobody@example.com', password: 'right password' }, CLIENT),
      );

      expect(wrongPassword.code).toBe(UserErrorCode.InvalidCredentials);
      expect(unknownEmail.code).toBe(wrongPassword.code);
      expect(unknownEmail.message).toBe(wrongPassword.message);
    });

    it('still verifies against a decoy hash when the email is unknown, so timing does not tell', async () => {
      const { sut, mocks } = newTestService();

      await failure(sut.login({ email: 'nobody@example.com', password: 'guess' }, CLIENT));

      expect(mocks.passwords.verifyDecoy).toHaveBeenCalledWith('guess');
      expect(mocks.refreshTokens.issue).not.toHaveBeenCalled();
    });

    it('asks the throttle first, counts each failure for the account and the client, and clears the account on success', async () => {
      const { sut, mocks, stored } = newTestService();

      await failure(sut.login({ email: stored.email, password: 'wrong password' }, CLIENT));
      await sut.login({ email: stored.email, password: 'right password' }, CLIENT);

      expect(mocks.throttle.check).toHaveBeenCalledTimes(2);
      expect(mocks.throttle.failed).toHaveBeenCalledWith(stored.email, CLIENT);
      expect(mocks.throttle.failed).toHaveBeenCalledTimes(1);
      expect(mocks.throttle.succeeded).toHaveBeenCalledWith(stored.email);
    });

    it('checks no password while the throttle refuses', async () => {
      const { sut, mocks, stored } = newTestService();
      mocks.throttle.check.mockRejectedValueOnce(new UserServiceError(UserErrorCode.LoginThrottled, undefined, 60));

      const refused = await failure(sut.login({ email: stored.email, password: 'right password' }, CLIENT));

      expect(refused).toMatchObject({ code: UserErrorCode.LoginThrottled, retryAfterSeconds: 60 });
      expect(mocks.passwords.verify).not.toHaveBeenCalled();
    });
  });

  describe('refresh', () => {
    it('rotates the refresh token and signs the account as it is now (a changed role shows)', async () => {
      const { sut, mocks, stored, jwt } = newTestService();
      mocks.users.findById.mockResolvedValueOnce({ ...stored, role: Role.Admin });

      const res = await sut.refresh('presented');

      expect(mocks.refreshTokens.rotate).toHaveBeenCalledWith('presented');
      expect(res.refreshToken).toBe('refresh-rotated');
      expect(jwt.verify<AccessTokenClaims>(res.token).role).toBe(Role.Admin);
    });

    it('passes on AUTH_REFRESH_REUSED from the token store', async () => {
      const { sut, mocks } = newTestService();
      mocks.refreshTokens.rotate.mockRejectedValueOnce(new UserServiceError(UserErrorCode.RefreshReused));

      expect((await failure(sut.refresh('used'))).code).toBe(UserErrorCode.RefreshReused);
    });

    it('refuses a token whose account no longer exists', async () => {
      const { sut, mocks } = newTestService();
      mocks.users.findById.mockResolvedValueOnce(null);

      expect((await failure(sut.refresh('orphan'))).code).toBe(UserErrorCode.RefreshInvalid);
    });
  });

  it('logout revokes the presented token (its whole family, in the token store)', async () => {
    const { sut, mocks } = newTestService();

    await sut.logout('presented');

    expect(mocks.refreshTokens.revoke).toHaveBeenCalledWith('presented');
  });
});
