import { createHash } from 'node:crypto';
import type { QueryFilter, SortOrder } from 'mongoose';
import { ProductErrorCode, ProductServiceError } from '../errors/product-service.error';
import { CatalogSort, ListProductsQueryDto } from './dto/list-products.query.dto';
import { Product } from './product.schema';

export const DEFAULT_PAGE_SIZE = 20;

/** A list request reduced to what its answer depends on: equal queries share one cache entry. */
export interface CatalogQuery {
  terms: string[];
  category?: string;
  minPrice?: number;
  maxPrice?: number;
  sort: CatalogSort;
  page: number;
  limit: number;
}

export function catalogQuery(dto: ListProductsQueryDto): CatalogQuery {
  if (dto.minPrice !== undefined && dto.maxPrice !== undefined && dto.minPrice > dto.maxPrice) {
    throw new ProductServiceError(ProductErrorCode.InvalidPriceRange);
  }
  const category = dto.category?.trim().toLowerCase();
  return {
    terms: searchTerms(dto.search ?? ''),
    ...(category ? { category } : {}),
    ...(dto.minPrice !== undefined ? { minPrice: dto.minPrice } : {}),
    ...(dto.maxPrice !== undefined ? { maxPrice: dto.maxPrice } : {}),
    sort: dto.sort ?? '-createdAt',
    page: dto.page ?? 1,
    limit: dto.limit ?? DEFAULT_PAGE_SIZE,
  };
}

/** Lower-cased distinct words, sorted so that "shoe red" and "red shoe" are one query. */
export function searchTerms(search: string): string[] {
  return [...new Set(search.toLowerCase().split(/\s+/).filter(Boolean))].sort();
}

/** A short, stable key for the query's cache entry. */
export function catalogQueryKey(query: CatalogQuery): string {
  const canonical = JSON.stringify([
    query.terms,
    query.category ?? null,
    query.minPrice ?? null,
    query.maxPrice ?? null,
    query.sort,
    query.page,
    query.limit,
  ]);
  return createHash('sha256').update(canonical).digest('base64url').slice(0, 32);
}

/**
 * The MongoDB filter of a list query. Search is a substring match of each
 * word on `searchText` with the word escaped: a literal pattern without
 * quantifiers or alternation matches in linear time on MongoDB's PCRE and
 * FerretDB's RE2 alike, and no input can become an operator or a pattern.
 */
export function catalogFilter(query: CatalogQuery): QueryFilter<Product> {
  const filter: QueryFilter<Product> = {};
  if (query.category !== undefined) filter.categoryKey = query.category;
  if (query.minPrice !== undefined || query.maxPrice !== undefined) {
    filter.price = {
      ...(query.minPrice !== undefined ? { $gte: query.minPrice } : {}),
      ...(query.maxPrice !== undefined ? { $lte: query.maxPrice } : {}),
    };
  }
  if (query.terms.length > 0) {
    filter.$and = query.terms.map((term) => ({ searchText: { $regex: escapeRegex(term) } }));
  }
  return filter;
}

const SORTS: Record<CatalogSort, Record<string, SortOrder>> = {
  price: { price: 1, _id: 1 },
  '-price': { price: -1, _id: -1 },
  name: { nameKey: 1, _id: 1 },
  '-createdAt': { createdAt: -1, _id: -1 },
};

/** Each sort ends on _id, so products that tie keep one order across pages. */
export function catalogSort(sort: CatalogSort): Record<string, SortOrder> {
  return SORTS[sort];
}

/**
 * Escapes every ASCII punctuation character. Both regex engines read an
 * escaped punctuation character as itself; letters, digits, spaces and
 * non-ASCII characters are literal already.
 */
export function escapeRegex(text: string): string {
  return text.replace(/[!-/:-@[-`{-~]/g, '\\$&');
}

/** The lower-cased copies a projection keeps for filtering and sorting. */
export function searchFields(product: Pick<Product, 'name' | 'description' | 'category'>) {
  return {
    categoryKey: product.category.trim().toLowerCase(),
    nameKey: product.name.toLowerCase(),
    searchText: [product.name, product.description, product.category].join('\n').toLowerCase(),
  };
}
