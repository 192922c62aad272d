import { HttpStatus } from '@nestjs/common';
import { defineErrors } from '@app/common';

/** What can go wrong in product-service, each code with its HTTP status (no product rule runs on an event). */
export enum ProductErrorCode {
  NotFound = 'PRODUCT_NOT_FOUND',
  Conflict = 'PRODUCT_CONFLICT',
  NothingToUpdate = 'PRODUCT_NOTHING_TO_UPDATE',
  InvalidPriceRange = 'CATALOG_INVALID_PRICE_RANGE',
}

const refused = (status: HttpStatus, message: string) => ({ status, message, event: 'dead-letter' as const });

export class ProductServiceError extends defineErrors<ProductErrorCode>('ProductServiceError', {
  [ProductErrorCode.NotFound]: refused(HttpStatus.NOT_FOUND, 'Product not found'),
  [ProductErrorCode.Conflict]: refused(
    HttpStatus.CONFLICT,
    'The product was changed by someone else at the same time; read it again and retry',
  ),
  [ProductErrorCode.NothingToUpdate]: refused(
    HttpStatus.BAD_REQUEST,
    'Give at least one of name, description, category, price',
  ),
  [ProductErrorCode.InvalidPriceRange]: refused(HttpStatus.BAD_REQUEST, 'minPrice must not be greater than maxPrice'),
}) {}
