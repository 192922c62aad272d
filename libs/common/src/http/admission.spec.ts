import { Admission, OverloadedException } from './admission';

describe(Admission.name, () => {
  it('runs up to its limit at once, refuses the next with a 503 and Retry-After, and admits again once one ends', async () => {
    const admission = new Admission('place an order', { limit: 2, retryAfterSeconds: 3 });
    const gates: Array<() => void> = [];
    const held = () => admission.run(() => new Promise<string>((resolve) => gates.push(() => resolve('done'))));

    const first = held();
    const second = held();
    const refused = await admission.run(async () => 'ran').catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(OverloadedException);
    expect((refused as OverloadedException).getStatus()).toBe(503);
    expect((refused as OverloadedException).retryAfterSeconds).toBe(3);

    gates.shift()!();
    await expect(first).resolves.toBe('done');
    await expect(admission.run(async () => 'ran')).resolves.toBe('ran');
    gates.shift()!();
    await expect(second).resolves.toBe('done');
  });

  it('frees its slot when the work fails', async () => {
    const admission = new Admission('place an order', { limit: 1 });
    await expect(admission.run(async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    await expect(admission.run(async () => 'ran')).resolves.toBe('ran');
  });

  it('refuses every request while the work behind it is backlogged, and admits again once it is not', async () => {
    let backlog = 500;
    const admission = new Admission('place an order', { limit: 10, backlogged: () => backlog > 300 });
    await expect(admission.run(async () => 'ran')).rejects.toBeInstanceOf(OverloadedException);
    backlog = 20;
    await expect(admission.run(async () => 'ran')).resolves.toBe('ran');
  });
});
