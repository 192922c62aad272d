import type { FastifyReply, FastifyRequest } from 'fastify';
import { REVALIDATE_EVERY_TIME, notModified, validate } from './conditional-get';

const request = (ifNoneMatch?: string) =>
  ({ headers: ifNoneMatch ? { 'if-none-match': ifNoneMatch } : {} }) as FastifyRequest;

function fakeReply() {
  const sent = { headers: {} as Record<string, string>, status: 200 };
  const reply = {
    header(name: string, value: string) {
      sent.headers[name] = value;
      return reply;
    },
    code(status: number) {
      sent.status = status;
      return reply;
    },
  };
  return { reply: reply as unknown as FastifyReply, sent };
}

describe(notModified.name, () => {
  const etag = '"12.34.56"';

  it.each([
    ['the same tag', etag, true],
    ['the tag marked weak (W/), compared weakly as RFC 9110 asks for GET', `W/${etag}`, true],
    ['a list holding the tag', `"1.2.3", ${etag}`, true],
    ['*', '*', true],
    ['another tag', '"12.34.57"', false],
    ['the tag without its quotes', '12.34.56', false],
  ])('%s: %s', (_, header, expected) => {
    expect(notModified(request(header), etag)).toBe(expected);
  });

  it('is false without If-None-Match', () => {
    expect(notModified(request(), etag)).toBe(false);
  });
});

describe(validate.name, () => {
  it('always sets ETag and a Cache-Control that makes clients revalidate', () => {
    const { reply, sent } = fakeReply();
    expect(validate(request(), reply, '"1"')).toBe(false);
    expect(sent).toEqual({ status: 200, headers: { etag: '"1"', 'cache-control': REVALIDATE_EVERY_TIME } });
  });

  it('turns the answer into a 304 when the client has this version', () => {
    const { reply, sent } = fakeReply();
    expect(validate(request('"1"'), reply, '"1"')).toBe(true);
    expect(sent.status).toBe(304);
  });
});
