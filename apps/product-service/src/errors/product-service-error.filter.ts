import { ArgumentsHost, Catch, ExceptionFilter, HttpStatus } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { ProductErrorCode, ProductServiceError } from './product-service.error';

/**
 * Maps product-service error codes to answers shaped like Nest's own:
 * {statusCode, message, error, code}. A database out of reach is the global
 * HttpErrorFilter's to answer (503).
 */
@Catch(ProductServiceError)
export class ProductServiceErrorFilter implements ExceptionFilter<ProductServiceError> {
  constructor(private readonly adapterHost: HttpAdapterHost) {}

  catch(exception: ProductServiceError, host: ArgumentsHost): void {
    const [statusCode, error] = httpStatusOf(exception.code);
    const body = { statusCode, message: exception.message, error, code: exception.code };
    this.adapterHost.httpAdapter.reply(host.switchToHttp().getResponse(), body, statusCode);
  }
}

export function httpStatusOf(code: ProductErrorCode): [HttpStatus, string] {
  switch (code) {
    case ProductErrorCode.NotFound:
      return [HttpStatus.NOT_FOUND, 'Not Found'];
    case ProductErrorCode.Conflict:
      return [HttpStatus.CONFLICT, 'Conflict'];
    case ProductErrorCode.NothingToUpdate:
    case ProductErrorCode.InvalidPriceRange:
      return [HttpStatus.BAD_REQUEST, 'Bad Request'];
    default:
      return assertUnreachable(code);
  }
}

function assertUnreachable(code: never): never {
  throw new Error(`Unmapped product-service error code: ${String(code)}`);
}
