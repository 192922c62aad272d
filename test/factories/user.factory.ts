import { randomUUID } from 'node:crypto';

export interface UserInput {
  name: string;
  email: string;
  password: string;
}

/** A registration body nobody has used yet: every call gets its own email and password. */
export function userInput(overrides: Partial<UserInput> = {}): UserInput {
  const tag = randomUUID();
  return {
    name: `Test user ${tag.slice(0, 8)}`,
    email: `user-${tag}@test.commercex.local`,
    password: `pw-${tag}`,
    ...overrides,
  };
}
