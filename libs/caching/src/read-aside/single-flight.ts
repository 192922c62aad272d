/**
 * Collapses concurrent calls with the same key into one: the first caller
 * runs `fn`, later callers get its promise until it settles. The key must say
 * everything the result depends on (the read-aside cache puts the generation
 * tag in it), or a caller could join a load that started before a change.
 */
export class SingleFlight {
  private readonly flights = new Map<string, Promise<unknown>>();

  run<T>(key: string, fn: () => Promise<T>): Promise<T> {
    const running = this.flights.get(key);
    if (running) return running as Promise<T>;
    const flight = fn().finally(() => this.flights.delete(key));
    this.flights.set(key, flight);
    return flight;
  }

  get size(): number {
    return this.flights.size;
  }
}
