/**
 * What can go wrong in user-service, as string codes rather than exception
 * classes: a code survives serialisation, and the HTTP mapping lives in one
 * place (UserServiceErrorFilter).
 */
export enum UserErrorCode {
  EmailTaken = 'USER_EMAIL_TAKEN',
  UserNotFound = 'USER_NOT_FOUND',
  InvalidCredentials = 'AUTH_INVALID_CREDENTIALS',
  RefreshInvalid = 'AUTH_REFRESH_INVALID',
  RefreshReused = 'AUTH_REFRESH_REUSED',
  LoginThrottled = 'AUTH_THROTTLED',
}

const MESSAGES: Record<UserErrorCode, string> = {
  [UserErrorCode.EmailTaken]: 'An account with this email already exists',
  [UserErrorCode.UserNotFound]: 'User not found',
  // One message for an unknown email and a wrong password: which one it was is not the caller's business.
  [UserErrorCode.InvalidCredentials]: 'Invalid email or password',
  [UserErrorCode.RefreshInvalid]: 'Invalid or expired refresh token',
  [UserErrorCode.RefreshReused]: 'Refresh token already used; the session it belongs to has been revoked',
  [UserErrorCode.LoginThrottled]: 'Too many failed logins; retry after the seconds in Retry-After',
};

export class UserServiceError extends Error {
  constructor(
    readonly code: UserErrorCode,
    /** For AUTH_THROTTLED: when the caller may try again, sent as Retry-After. */
    readonly retryAfterSeconds?: number,
  ) {
    super(MESSAGES[code]);
    this.name = 'UserServiceError';
  }
}
