import { ArgumentsHost, Catch, ExceptionFilter, HttpStatus } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { UserErrorCode, UserServiceError } from './user-service.error';

/**
 * Maps user-service error codes to HTTP answers shaped like Nest's own:
 * {statusCode, message, error, code}. Bound with @UseFilters on the controllers,
 * because a controller-level filter runs before the catch-all global one.
 */
@Catch(UserServiceError)
export class UserServiceErrorFilter implements ExceptionFilter<UserServiceError> {
  constructor(private readonly adapterHost: HttpAdapterHost) {}

  catch(exception: UserServiceError, host: ArgumentsHost): void {
    const [statusCode, error] = httpStatusOf(exception.code);
    const body = { statusCode, message: exception.message, error, code: exception.code };
    const response = host.switchToHttp().getResponse();
    if (exception.retryAfterSeconds !== undefined)
      this.adapterHost.httpAdapter.setHeader(response, 'retry-after', String(exception.retryAfterSeconds));
    this.adapterHost.httpAdapter.reply(response, body, statusCode);
  }
}

export function httpStatusOf(code: UserErrorCode): [HttpStatus, string] {
  switch (code) {
    case UserErrorCode.EmailTaken:
      return [HttpStatus.CONFLICT, 'Conflict'];
    case UserErrorCode.UserNotFound:
      return [HttpStatus.NOT_FOUND, 'Not Found'];
    case UserErrorCode.InvalidCredentials:
    case UserErrorCode.RefreshInvalid:
    case UserErrorCode.RefreshReused:
      return [HttpStatus.UNAUTHORIZED, 'Unauthorized'];
    case UserErrorCode.LoginThrottled:
      return [HttpStatus.TOO_MANY_REQUESTS, 'Too Many Requests'];
    default:
      return assertUnreachable(code);
  }
}

function assertUnreachable(code: never): never {
  throw new Error(`Unmapped user-service error code: ${String(code)}`);
}
