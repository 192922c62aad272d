/**
 * Settles like `promise`, or rejects after `ms`. A cache call must never hold
 * a request longer than the database would: past this budget the cache counts
 * as unusable and the read goes to the source of truth.
 */
export function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} timed out after ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
