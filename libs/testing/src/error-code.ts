import { ServiceError } from '@app/common';

/** The code a promise is refused with, or undefined when it resolves; anything but a ServiceError is rethrown. */
export async function codeOf(promise: Promise<unknown>): Promise<string | undefined> {
  try {
    await promise;
    return undefined;
  } catch (error) {
    if (error instanceof ServiceError) return error.code;
    throw error;
  }
}
