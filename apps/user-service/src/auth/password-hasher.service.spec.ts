import { PasswordHasher } from './password-hasher.service';

describe(PasswordHasher.name, () => {
  const sut = new PasswordHasher();
  beforeAll(() => sut.onModuleInit());

  it('hashes with argon2id, salted, and verifies only the right password', async () => {
    const [a, b] = await Promise.all([sut.hash('password123'), sut.hash('password123')]);

    expect(a).toMatch(/^\$argon2id\$/);
    expect(a).not.toBe(b);
    expect(await sut.verify(a, 'password123')).toBe(true);
    expect(await sut.verify(a, 'password124')).toBe(false);
  });

  it('treats a malformed stored hash as no match rather than an error', async () => {
    expect(await sut.verify('not-a-hash', 'password123')).toBe(false);
  });

  it('fails the decoy check whatever the password', async () => {
    expect(await sut.verifyDecoy('password123')).toBe(false);
  });
});
