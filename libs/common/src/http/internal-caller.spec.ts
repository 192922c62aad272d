import { isInternalCaller, isLoopback } from './internal-caller';

const request = (remoteAddress: string, authorization?: string) => ({
  socket: { remoteAddress },
  headers: { authorization },
});

describe(isInternalCaller.name, () => {
  it('knows loopback in its IPv4, IPv6 and mapped forms, and nothing else', () => {
    for (const a of ['127.0.0.1', '127.10.0.3', '::1', '::ffff:127.0.0.1'])
      expect([a, isLoopback(a)]).toEqual([a, true]);
    for (const a of ['192.0.2.2', '10.0.0.1', '::ffff:10.0.0.1', 'fd00::2', '', undefined])
      expect([a, isLoopback(a)]).toEqual([a, false]);
  });

  it('lets in loopback, and others only with the configured token', () => {
    const token = 'a-scrape-token-that-is-long-enough';
    expect(isInternalCaller(request('127.0.0.1'), undefined)).toBe(true);
    expect(isInternalCaller(request('192.0.2.2'), undefined)).toBe(false);
    expect(isInternalCaller(request('192.0.2.2', `Bearer ${token}`), token)).toBe(true);
    expect(isInternalCaller(request('192.0.2.2', `Bearer ${token}x`), token)).toBe(false);
    expect(isInternalCaller(request('192.0.2.2', 'Bearer '), '')).toBe(false);
  });
});
