import { Transform } from 'class-transformer';

/** Trims and lower-cases a string; anything else passes untouched so that the validators reject it. */
export const NormaliseEmail = () =>
  Transform(({ value }) => (typeof value === 'string' ? value.trim().toLowerCase() : value));
