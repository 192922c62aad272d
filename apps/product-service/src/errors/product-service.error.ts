/**
 * What can go wrong in product-service, as string codes: the HTTP mapping
 * lives in one place (ProductServiceErrorFilter).
 */
export enum ProductErrorCode {
  NotFound = 'PRODUCT_NOT_FOUND',
  Conflict = 'PRODUCT_CONFLICT',
  NothingToUpdate = 'PRODUCT_NOTHING_TO_UPDATE',
  InvalidPriceRange = 'CATALOG_INVALID_PRICE_RANGE',
}

const MESSAGES: Record<ProductErrorCode, string> = {
  [ProductErrorCode.NotFound]: 'Product not found',
  [ProductErrorCode.Conflict]: 'The product was changed by someone else at the same time; read it again and retry',
  [ProductErrorCode.NothingToUpdate]: 'Give at least one of name, description, category, price',
  [ProductErrorCode.InvalidPriceRange]: 'minPrice must not be greater than maxPrice',
};

export class ProductServiceError extends Error {
  constructor(readonly code: ProductErrorCode) {
    super(MESSAGES[code]);
    this.name = 'ProductServiceError';
  }
}
