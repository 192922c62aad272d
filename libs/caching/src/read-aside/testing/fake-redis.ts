import { EventEmitter } from 'node:events';
import type { Redis } from 'ioredis';

type Reply = [Error | null, unknown];

/**
 * The few Redis commands the read-aside cache uses, in memory, with a switch
 * to make every command fail (Redis down) and a count of commands per name.
 */
export class FakeRedis extends EventEmitter {
  readonly data = new Map<string, string>();
  readonly calls = new Map<string, number>();
  down = false;

  static create(): { fake: FakeRedis; redis: Redis } {
    const fake = new FakeRedis();
    return { fake, redis: fake as unknown as Redis };
  }

  async mget(keys: string[]): Promise<(string | null)[]> {
    this.command('mget');
    return keys.map((key) => this.data.get(key) ?? null);
  }

  async set(key: string, value: string, ...options: Array<string | number>): Promise<'OK' | null> {
    this.command('set');
    return this.setNow(key, value, options);
  }

  async del(key: string): Promise<number> {
    this.command('del');
    return this.data.delete(key) ? 1 : 0;
  }

  async exists(key: string): Promise<number> {
    this.command('exists');
    return this.data.has(key) ? 1 : 0;
  }

  pipeline() {
    return this.batch();
  }

  multi() {
    return this.batch();
  }

  private batch() {
    const queued: Array<() => unknown> = [];
    const chain = {
      set: (key: string, value: string, ...options: Array<string | number>) => {
        queued.push(() => this.setNow(key, value, options));
        return chain;
      },
      incr: (key: string) => {
        queued.push(() => {
          const next = Number(this.data.get(key) ?? 0) + 1;
          this.data.set(key, String(next));
          return next;
        });
        return chain;
      },
      exec: async (): Promise<Reply[]> => {
        this.command('exec');
        return queued.map((run) => [null, run()]);
      },
    };
    return chain;
  }

  private setNow(key: string, value: string, options: Array<string | number>): 'OK' | null {
    if (options.includes('NX') && this.data.has(key)) return null;
    this.data.set(key, value);
    return 'OK';
  }

  private command(name: string): void {
    this.calls.set(name, (this.calls.get(name) ?? 0) + 1);
    if (this.down) throw new Error('Connection is closed.');
  }
}
