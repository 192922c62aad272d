import { Logger } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { Role } from '@app/auth';
import { validateEnv } from '@app/common';
import { envOf } from '../../../../test/factories/env.factory';
import { UserErrorCode, UserServiceError } from '../errors/user-service.error';
import { NewUser, UsersService, UserWithCredentials } from '../users/users.service';
import { DEV_ADMIN_EMAIL, DEV_ADMIN_PASSWORD, UserEnv } from '../user.env';
import { AdminBootstrapService } from './admin-bootstrap.service';
import { PasswordHasher } from './password-hasher.service';

function newTestService(env: Record<string, string> = {}) {
  const accounts = new Map<string, UserWithCredentials>();
  const users = {
    findCredentials: jest.fn(async (email: string) => accounts.get(email) ?? null),
    adminCredentials: jest.fn(async () => [...accounts.values()].filter((a) => a.role === Role.Admin)),
    create: jest.fn(async (input: NewUser) => {
      if (accounts.has(input.email)) throw new UserServiceError(UserErrorCode.EmailTaken);
      const account = { _id: String(accounts.size + 1).padStart(24, '0'), createdAt: new Date(), ...input };
      accounts.set(input.email, account);
      return account;
    }),
  };
  const passwords = {
    hash: jest.fn(async (password: string) => `hashed:${password}`),
    verify: jest.fn(async (hash: string, password: string) => hash === `hashed:${password}`),
  };
  const config = new ConfigService<UserEnv, true>(validateEnv(UserEnv)(envOf(env)));
  const sut = new AdminBootstrapService(
    users as unknown as UsersService,
    passwords as unknown as PasswordHasher,
    config,
  );
  const seed = (email: string, role: Role, passwordHash: string) =>
    accounts.set(email, { _id: 'f'.repeat(24), name: 'Seeded', email, role, passwordHash, createdAt: new Date() });
  return { sut, accounts, users, seed };
}

describe(AdminBootstrapService.name, () => {
  let logError: jest.SpyInstance;
  beforeEach(() => {
    jest.spyOn(Logger.prototype, 'log').mockImplementation();
    logError = jest.spyOn(Logger.prototype, 'error').mockImplementation();
  });
  afterEach(() => jest.restoreAllMocks());

  it('outside production creates admin@commercex.local / Admin123! when no account has that email', async () => {
    const { sut, accounts } = newTestService();

    await sut.onApplicationBootstrap();

    expect(accounts.get(DEV_ADMIN_EMAIL)).toMatchObject({
      role: Role.Admin,
      passwordHash: `hashed:${DEV_ADMIN_PASSWORD}`,
    });
  });

  describe('in production', () => {
    const PRODUCTION = {
      NODE_ENV: 'production',
      ADMIN_EMAIL: 'root@shop.example',
      ADMIN_PASSWORD: 'correct horse battery',
    };

    it('refuses to start while an admin made on a development stack still has the default password', async () => {
      const { sut, seed, users } = newTestService(PRODUCTION);
      seed(DEV_ADMIN_EMAIL, Role.Admin, `hashed:${DEV_ADMIN_PASSWORD}`);

      await expect(sut.onApplicationBootstrap()).rejects.toThrow(
        `admin account ${DEV_ADMIN_EMAIL} still has the development default password`,
      );
      expect(users.create).not.toHaveBeenCalled();
    });

    it('starts once that admin has another password, and a customer with the default password does not matter', async () => {
      const { sut, seed, accounts } = newTestService(PRODUCTION);
      seed(DEV_ADMIN_EMAIL, Role.Admin, 'hashed:changed since');
      seed('shopper@example.com', Role.Customer, `hashed:${DEV_ADMIN_PASSWORD}`);

      await sut.onApplicationBootstrap();

      expect(accounts.get('root@shop.example')).toMatchObject({ role: Role.Admin });
    });
  });

  it('uses ADMIN_EMAIL (normalised) and ADMIN_PASSWORD when they are set', async () => {
    const { sut, accounts } = newTestService({
      ADMIN_EMAIL: 'Root@Shop.Example',
      ADMIN_PASSWORD: 'correct horse battery',
    });

    await sut.onApplicationBootstrap();

    expect(accounts.get('root@shop.example')).toMatchObject({
      role: Role.Admin,
      passwordHash: 'hashed:correct horse battery',
    });
  });

  it('never overwrites the password of an existing admin', async () => {
    const { sut, accounts, users, seed } = newTestService();
    seed(DEV_ADMIN_EMAIL, Role.Admin, 'hashed:changed since');

    expect(await sut.ensureAdmin({ email: DEV_ADMIN_EMAIL, password: DEV_ADMIN_PASSWORD })).toBe('exists');
    expect(accounts.get(DEV_ADMIN_EMAIL)?.passwordHash).toBe('hashed:changed since');
    expect(users.create).not.toHaveBeenCalled();
  });

  it('never promotes a customer who registered the admin email first, and says so in the log', async () => {
    const { sut, accounts, seed } = newTestService();
    seed(DEV_ADMIN_EMAIL, Role.Customer, 'hashed:whoever registered it');

    expect(await sut.ensureAdmin({ email: DEV_ADMIN_EMAIL, password: DEV_ADMIN_PASSWORD })).toBe('refused');
    expect(accounts.get(DEV_ADMIN_EMAIL)).toMatchObject({
      role: Role.Customer,
      passwordHash: 'hashed:whoever registered it',
    });
    expect(logError).toHaveBeenCalledWith(expect.stringContaining('was NOT promoted'));
  });

  it('accepts losing the race to another instance that created the admin at the same moment', async () => {
    const { sut, users, seed } = newTestService();
    users.create.mockImplementationOnce(async () => {
      seed(DEV_ADMIN_EMAIL, Role.Admin, 'hashed:by the other instance');
      throw new UserServiceError(UserErrorCode.EmailTaken);
    });

    expect(await sut.ensureAdmin({ email: DEV_ADMIN_EMAIL, password: DEV_ADMIN_PASSWORD })).toBe('exists');
  });
});
