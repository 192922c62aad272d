import { ZxcvbnFactory } from '@zxcvbn-ts/core';
import * as common from '@zxcvbn-ts/language-common';
import * as en from '@zxcvbn-ts/language-en';
import { ValidateBy, ValidationOptions } from 'class-validator';

export const MIN_PASSWORD_LENGTH = 12;
export const MAX_PASSWORD_LENGTH = 128;
/**
 * zxcvbn judges at most this many characters. Its time grows steeply with length: a 128-character
 * run of digits took seconds of one core, blocking the event loop (a 504 at the gateway under the
 * contract fuzzer). A password is at least as hard to guess as its beginning, so judging the
 * beginning never accepts a weaker one.
 */
export const JUDGED_LENGTH = 32;

/** zxcvbn's 0–4 scale: 3 is "safely unguessable: moderate protection from offline slow-hash attacks". */
export const MIN_PASSWORD_SCORE = 3;

// Built once: the dictionaries (common passwords, names, English words) take a moment to load.
const zxcvbn = new ZxcvbnFactory({
  dictionary: { ...common.dictionary, ...en.dictionary },
  graphs: common.adjacencyGraphs,
  translations: en.translations,
});

/**
 * Why a new password is too easy to guess, or null when it is not: judged by
 * zxcvbn (common and leaked passwords, dictionary words, keyboard patterns,
 * repeats, dates), with the account's own email and name counted as known to
 * an attacker. Lengths are checked by their own rules. `subject` names the password in the reason.
 */
export function passwordWeakness(
  password: string,
  knownToAttacker: string[] = [],
  subject = 'password',
): string | null {
  // What the attacker knows is cut like the password, so a long email used as the password still matches it.
  const known = knownToAttacker.map((input) => input.slice(0, JUDGED_LENGTH));
  const result = zxcvbn.check(password.slice(0, JUDGED_LENGTH), known);
  if (result.score >= MIN_PASSWORD_SCORE) return null;
  const why = [result.feedback.warning, ...result.feedback.suggestions].filter(Boolean).join(' ');
  return `${subject} is too easy to guess${why ? `: ${why}` : ''}`;
}

/**
 * What is wrong with a new password that does not come in a request body (ADMIN_PASSWORD), by the rules
 * RegisterDto holds a registered one to: its length, then passwordWeakness against the account's email
 * and name. Null when it passes; `subject` names the password in the reason.
 */
export function passwordProblem(
  subject: string,
  password: string,
  account: { email?: string; name?: string },
): string | null {
  if (password.length < MIN_PASSWORD_LENGTH || password.length > MAX_PASSWORD_LENGTH) {
    return `${subject} must be ${MIN_PASSWORD_LENGTH} to ${MAX_PASSWORD_LENGTH} characters (it has ${password.length})`;
  }
  return passwordWeakness(password, knownToAttacker(account), subject);
}

/** What an attacker knows of the account being registered: its email, the email's local part, and its name. */
function knownToAttacker(object: object | undefined): string[] {
  const { email, name } = (object ?? {}) as { email?: unknown; name?: unknown };
  const known = [email, name, typeof email === 'string' ? email.split('@')[0] : undefined];
  return known.filter((v): v is string => typeof v === 'string' && v.length > 0);
}

const judged = new WeakMap<object, string>();

/** A new password must pass passwordWeakness, knowing the object's `email` and `name`. */
export function HardToGuess(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'hardToGuess',
      validator: {
        validate: (value, args) => {
          // Too short or not a string: the length and type rules answer.
          if (typeof value !== 'string' || value.length < MIN_PASSWORD_LENGTH) return true;
          const weakness = passwordWeakness(value, knownToAttacker(args?.object));
          if (weakness !== null && args?.object) judged.set(args.object, weakness);
          return weakness === null;
        },
        // The reason found by validate, not a second run of zxcvbn.
        defaultMessage: (args) => (args?.object && judged.get(args.object)) ?? 'password is too easy to guess',
      },
    },
    options,
  );
}
