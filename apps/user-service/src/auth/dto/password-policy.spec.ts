import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { RegisterDto } from './register.dto';
import { passwordWeakness } from './password-policy';

const problems = (body: object) =>
  validateSync(plainToInstance(RegisterDto, body)).flatMap((e) => Object.values(e.constraints ?? {}));

describe(passwordWeakness.name, () => {
  it('refuses common passwords, patterns and repeats, and says why', () => {
    expect(passwordWeakness('password1234')).toMatch(/^password is too easy to guess: /);
    expect(passwordWeakness('qwertyuiop12')).toMatch(/too easy to guess/);
    expect(passwordWeakness('aaaaaaaaaaaa')).toMatch(/Repeated characters/);
  });

  it('accepts a long random password and a passphrase', () => {
    expect(passwordWeakness('7fQ-xv2Lp9!wZr')).toBeNull();
    expect(passwordWeakness('correct horse battery')).toBeNull();
  });

  it('counts what the attacker knows: the account’s email and name', () => {
    expect(passwordWeakness('ada.lovelace@example.com', ['ada.lovelace@example.com'])).toMatch(/too easy/);
  });

  it('knows an email longer than the judged beginning when it is the password', () => {
    const email = 'e2e-3f9c2a7e-5b1d-4c8e-9a6f-0d2b7c4e8f1a@example.com';
    expect(passwordWeakness(email, [email])).toMatch(/too easy/);
  });
});

describe('RegisterDto password rules', () => {
  const base = { name: 'Ada Lovelace', email: 'ada@example.com' };

  it('asks for 12 characters first, then judges the guessability', () => {
    expect(problems({ ...base, password: 'Zq8#rT2!mW5' })).toEqual([
      'password must be longer than or equal to 12 characters',
    ]);
    expect(problems({ ...base, password: 'password1234' })).toEqual([expect.stringMatching(/too easy to guess/)]);
    expect(problems({ ...base, password: 'correct horse battery' })).toEqual([]);
  });

  it('refuses control characters in the name and the email', () => {
    expect(problems({ ...base, name: 'Ada\nX', password: 'correct horse battery' })).toEqual([
      'name must not contain control characters',
    ]);
    expect(problems({ ...base, email: 'ada\u0000@example.com', password: 'correct horse battery' })).toContain(
      'email must not contain control characters',
    );
  });
});

describe('long passwords', () => {
  it('are judged by their first 32 characters, so a long one costs no more than a 32-character one', () => {
    const digits = '0123456789'.repeat(12) + '01234567';
    expect(passwordWeakness(digits)).toBe(passwordWeakness(digits.slice(0, 32)));
    expect(passwordWeakness('7fQ-xv2Lp9!wZr' + '0'.repeat(114))).toBeNull();
    expect(passwordWeakness('a'.repeat(32) + '7fQ-xv2Lp9!wZr')).toMatch(/too easy to guess/);
  });
});
