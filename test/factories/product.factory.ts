import { randomUUID } from 'node:crypto';

export interface ProductInput {
  name: string;
  description?: string;
  category?: string;
  price: number;
  stock: number;
}

export function productInput(overrides: Partial<ProductInput> = {}): ProductInput {
  const tag = randomUUID().slice(0, 8);
  return {
    name: `Test product ${tag}`,
    description: `Made by the e2e suite (${tag})`,
    category: 'e2e',
    price: 19.99,
    stock: 7,
    ...overrides,
  };
}

/**
 * A category (and search word) no other test uses, so that list queries can be
 * scoped to one test's products on a shared database.
 */
export function uniqueCategory(prefix = 'e2e'): string {
  return `${prefix}-${randomUUID().slice(0, 8)}`;
}

/** Products of one fresh category, one per override, for search, filter and sort tests. */
export function catalogInputs(overrides: Array<Partial<ProductInput>>, category = uniqueCategory()): ProductInput[] {
  return overrides.map((override) => productInput({ category, ...override }));
}
