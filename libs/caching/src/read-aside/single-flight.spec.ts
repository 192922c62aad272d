import { SingleFlight } from './single-flight';

describe(SingleFlight.name, () => {
  it('runs once for concurrent callers of one key and forgets the key once settled', async () => {
    const sut = new SingleFlight();
    const fn = jest.fn(async () => 42);

    expect(await Promise.all([sut.run('k', fn), sut.run('k', fn), sut.run('k', fn)])).toEqual([42, 42, 42]);
    expect(fn).toHaveBeenCalledTimes(1);
    expect(sut.size).toBe(0);

    await sut.run('k', fn);
    expect(fn).toHaveBeenCalledTimes(2);
  });

  it('shares a failure with every caller, then lets the next call try again', async () => {
    const sut = new SingleFlight();
    const failing = () => Promise.reject(new Error('boom'));

    await expect(Promise.all([sut.run('k', failing), sut.run('k', failing)])).rejects.toThrow('boom');
    expect(await sut.run('k', async () => 'ok')).toBe('ok');
  });

  it('keeps different keys apart', async () => {
    const sut = new SingleFlight();
    const fn = jest.fn(async () => 'x');

    await Promise.all([sut.run('a', fn), sut.run('b', fn)]);

    expect(fn).toHaveBeenCalledTimes(2);
  });
});
