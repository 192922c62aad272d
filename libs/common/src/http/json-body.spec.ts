import { jsonDepth } from './json-body';

describe(jsonDepth.name, () => {
  it('counts nesting of objects and arrays', () => {
    expect(jsonDepth('1')).toBe(0);
    expect(jsonDepth('{}')).toBe(1);
    expect(jsonDepth('{"items":[{"product":"x","quantity":1}]}')).toBe(3);
    expect(jsonDepth('[[],[[]],{}]')).toBe(3);
  });

  it('ignores brackets inside strings, escaped quotes included', () => {
    expect(jsonDepth('{"name":"[[[{{{"}')).toBe(1);
    expect(jsonDepth('{"name":"a \\" [[[ \\\\"}')).toBe(1);
  });

  it('stops counting once past the limit', () => {
    const deep = '['.repeat(5_000) + ']'.repeat(5_000);
    expect(jsonDepth(deep)).toBe(5_000);
    expect(jsonDepth(deep, 32)).toBe(33);
  });
});
