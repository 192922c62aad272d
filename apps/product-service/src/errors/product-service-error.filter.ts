import { ArgumentsHost, Catch, ExceptionFilter, HttpStatus, Logger } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import mongoose from 'mongoose';
import { ProductErrorCode, ProductServiceError } from './product-service.error';

/** Driver errors that mean "the database cannot be reached", as opposed to a bad query. */
const UNAVAILABLE = new Set([
  'MongoServerSelectionError',
  'MongooseServerSelectionError',
  'MongoNetworkError',
  'MongoNetworkTimeoutError',
  'MongoNotConnectedError',
  'MongoTopologyClosedError',
  'MongoPoolClearedError',
]);

export function isDatabaseUnavailable(error: unknown): boolean {
  return error instanceof Error && UNAVAILABLE.has(error.name);
}

/**
 * Maps product-service error codes, and a database that cannot be reached,
 * to answers shaped like Nest's own: {statusCode, message, error, code}.
 * Any other database error is a logged 500 without internals.
 */
@Catch(ProductServiceError, mongoose.mongo.MongoError, mongoose.Error)
export class ProductServiceErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger(ProductServiceErrorFilter.name);

  constructor(private readonly adapterHost: HttpAdapterHost) {}

  catch(exception: Error, host: ArgumentsHost): void {
    const error = this.toServiceError(exception);
    const response = host.switchToHttp().getResponse();
    if (!error) {
      this.logger.error(exception.stack ?? exception.message);
      const body = { statusCode: 500, message: 'Internal server error', error: 'Internal Server Error' };
      return this.adapterHost.httpAdapter.reply(response, body, 500);
    }
    const [statusCode, text] = httpStatusOf(error.code);
    const body = { statusCode, message: error.message, error: text, code: error.code };
    this.adapterHost.httpAdapter.reply(response, body, statusCode);
  }

  private toServiceError(exception: Error): ProductServiceError | undefined {
    if (exception instanceof ProductServiceError) return exception;
    if (isDatabaseUnavailable(exception)) return new ProductServiceError(ProductErrorCode.Unavailable);
    return undefined;
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
    case ProductErrorCode.Unavailable:
      return [HttpStatus.SERVICE_UNAVAILABLE, 'Service Unavailable'];
    default:
      return assertUnreachable(code);
  }
}

function assertUnreachable(code: never): never {
  throw new Error(`Unmapped product-service error code: ${String(code)}`);
}
