import { ZxcvbnFactory } from '@zxcvbn-ts/core';
import * as common from '@zxcvbn-ts/language-common';
import * as en from '@zxcvbn-ts/language-en';
import { ValidateBy, ValidationOptions } from 'class-validator';

export const MIN_PASSWORD_LENGTH = 12;
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
 * an attacker. Lengths are checked by their own rules.
 */
export function passwordWeakness(password: string, knownToAttacker: string[] = []): string | null {
  const result = zxcvbn.check(password, knownToAttacker);
  if (result.score >= MIN_PASSWORD_SCORE) return null;
  const why = [result.feedback.warning, ...result.feedback.suggestions].filter(Boolean).join(' ');
  return `password is too easy to guess${why ? `: ${why}` : ''}`;
}

/** A new password must pass passwordWeakness, knowing the object's `email` and `name`. */
export function HardToGuess(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'hardToGuess',
      validator: {
        validate: (value, args) => {
          if (typeof value !== 'string' || value.length < MIN_PASSWORD_LENGTH) return true; // the length rule answers
          const { email, name } = (args?.object ?? {}) as { email?: unknown; name?: unknown };
          const known = [email, name, typeof email === 'string' ? email.split('@')[0] : undefined].filter(
            (v): v is string => typeof v === 'string' && v.length > 0,
          );
          return passwordWeakness(value, known) === null;
        },
        defaultMessage: (args) => {
          const { email, name } = (args?.object ?? {}) as { email?: string; name?: string };
          return (
            passwordWeakness(
              String(args?.value),
              [email, name].filter((v): v is string => !!v),
            ) ?? ''
          );
        },
      },
    },
    options,
  );
}
