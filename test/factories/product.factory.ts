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
