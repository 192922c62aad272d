import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { STATUS_CODES } from 'node:http';
import { ServiceError } from '../errors/service-error';
import { OverloadedException } from './admission';

interface ErrorBody {
  statusCode: number;
  message: string | string[];
  error: string;
  /** A service's error code (ServiceError), for clients that branch on it. */
  code?: string;
}

/**
 * Every HTTP error leaves as `{statusCode, message, error}`: a service's own
 * (ServiceError, which adds its `code`), Nest's exceptions, and Fastify's (body too large, malformed JSON) that are raised
 * before a route runs. A database or broker out of reach is a 503; anything
 * else unexpected is a logged 500 with no internals.
 */
@Catch()
export class HttpErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('HttpError');

  catch(exception: unknown, host: ArgumentsHost): void {
    if (host.getType() !== 'http') throw exception;
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    const body = this.toBody(exception);
    // A refusal under load is the system working as designed: counted in admission_refused_total, not logged per request.
    if (body.statusCode >= 500 && !(exception instanceof OverloadedException))
      this.logger.error(exception instanceof Error ? (exception.stack ?? exception.message) : String(exception));
    const retryAfter = (exception as Partial<OverloadedException | ServiceError>)?.retryAfterSeconds;
    if (retryAfter !== undefined) void reply.header('retry-after', String(retryAfter));
    void reply.status(body.statusCode).send(body);
  }

  private toBody(exception: unknown): ErrorBody {
    if (exception instanceof ServiceError) {
      const { status } = exception.rule;
      return { statusCode: status, message: exception.message, error: statusText(status), code: exception.code };
    }
    if (exception instanceof HttpException) {
      const statusCode = exception.getStatus();
      const response = exception.getResponse();
      const fields = typeof response === 'string' ? { message: response } : (response as Partial<ErrorBody>);
      return {
        statusCode,
        message: fields.message ?? exception.message,
        error: fields.error ?? statusText(statusCode),
      };
    }
    const statusCode = (exception as { statusCode?: unknown })?.statusCode;
    if (typeof statusCode === 'number' && statusCode >= 400 && statusCode < 500) {
      return { statusCode, message: (exception as Error).message, error: statusText(statusCode) };
    }
    if (isUnavailableDependency(exception)) {
      return { statusCode: 503, message: 'A dependency is unavailable; retry shortly', error: statusText(503) };
    }
    return { statusCode: 500, message: 'Internal server error', error: statusText(HttpStatus.INTERNAL_SERVER_ERROR) };
  }
}

const UNAVAILABLE =
  /^Mongo(ose)?(ServerSelection|Network|NotConnected|TopologyClosed|PoolCleared)|^KafkaJS(Connection|NumberOfRetriesExceeded)/;

/** The database or broker is out of reach: the caller may retry, so 503 rather than 500. */
function isUnavailableDependency(exception: unknown): boolean {
  return exception instanceof Error && UNAVAILABLE.test(exception.name);
}

function statusText(status: number): string {
  return STATUS_CODES[status] ?? 'Error';
}
