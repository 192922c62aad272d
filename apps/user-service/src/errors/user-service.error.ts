import { HttpStatus } from '@nestjs/common';
import { defineErrors } from '@app/common';

/** What can go wrong in user-service, each code with its HTTP status (no user-service rule runs on an event). */
export enum UserErrorCode {
  EmailTaken = 'USER_EMAIL_TAKEN',
  UserNotFound = 'USER_NOT_FOUND',
  InvalidCredentials = 'AUTH_INVALID_CREDENTIALS',
  RefreshInvalid = 'AUTH_REFRESH_INVALID',
  RefreshReused = 'AUTH_REFRESH_REUSED',
  LoginThrottled = 'AUTH_THROTTLED',
}

const refused = (status: HttpStatus, message: string) => ({ status, message, event: 'dead-letter' as const });

export class UserServiceError extends defineErrors<UserErrorCode>('UserServiceError', {
  [UserErrorCode.EmailTaken]: refused(HttpStatus.CONFLICT, 'An account with this email already exists'),
  [UserErrorCode.UserNotFound]: refused(HttpStatus.NOT_FOUND, 'User not found'),
  // One message for an unknown email and a wrong password: which one it was is not the caller's business.
  [UserErrorCode.InvalidCredentials]: refused(HttpStatus.UNAUTHORIZED, 'Invalid email or password'),
  [UserErrorCode.RefreshInvalid]: refused(HttpStatus.UNAUTHORIZED, 'Invalid or expired refresh token'),
  [UserErrorCode.RefreshReused]: refused(
    HttpStatus.UNAUTHORIZED,
    'Refresh token already used; the session it belongs to has been revoked',
  ),
  [UserErrorCode.LoginThrottled]: {
    status: HttpStatus.TOO_MANY_REQUESTS,
    message: 'Too many failed logins; retry after the seconds in Retry-After',
    event: 'retry',
  },
}) {}
