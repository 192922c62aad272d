import { randomBytes } from 'node:crypto';
import { MIN_SECRET_BITS, estimatedBits, secretProblems } from './secret-strength';

describe(secretProblems.name, () => {
  it('accepts what the local stack and `openssl rand` make', () => {
    for (let i = 0; i < 50; i++) {
      expect(secretProblems('JWT_SECRET', randomBytes(32).toString('base64url'))).toEqual([]);
      expect(secretProblems('JWT_SECRET', randomBytes(32).toString('base64'))).toEqual([]);
      expect(secretProblems('JWT_SECRET', randomBytes(32).toString('hex'))).toEqual([]);
    }
  });

  it('names the setting and says how to make a good one', () => {
    expect(secretProblems('JWT_SECRET', 'short')).toEqual([
      'JWT_SECRET must be at least 32 characters; use a long random value, e.g. `openssl rand -base64 32`',
    ]);
  });

  it('recognises a published value whatever its case and surrounding blanks', () => {
    expect(secretProblems('JWT_SECRET', ' Compose-Local-Secret-Change-Me ')[0]).toMatch(/published example value/);
  });
});

describe(estimatedBits.name, () => {
  it('puts repeated or few-character strings below the bar, and random ones well above it', () => {
    expect(estimatedBits('a'.repeat(64))).toBeLessThan(MIN_SECRET_BITS);
    expect(estimatedBits('abc1'.repeat(16))).toBeLessThan(MIN_SECRET_BITS);
    expect(estimatedBits('password'.repeat(4))).toBeLessThan(MIN_SECRET_BITS);
    expect(estimatedBits(randomBytes(32).toString('base64url'))).toBeGreaterThan(1.2 * MIN_SECRET_BITS);
  });
});
