import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

const ROOT = join(__dirname, '../..');

/** Every TypeScript file of apps/ and libs/ that a service runs (no specs, no test helpers). */
function runtimeSources(dir = ROOT, under = ['apps', 'libs']): string[] {
  return under.flatMap((top) => walk(join(dir, top)));
}

function walk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'testing' || entry.name === 'node_modules' ? [] : walk(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts') ? [path] : [];
  });
}

const offenders = (pattern: RegExp, allowed: (path: string) => boolean = () => false) =>
  runtimeSources()
    .map((path) => relative(ROOT, path))
    .filter((path) => !allowed(path) && pattern.test(readFileSync(join(ROOT, path), 'utf8')));

describe('house rules', () => {
  it('reads settings only through the validated config: process.env appears in the config module alone', () => {
    expect(offenders(/process\.env/, (path) => path.startsWith('libs/common/src/config/'))).toEqual([]);
  });

  it('handles a duplicate key in one place (insertOnce in @app/common), never in a service', () => {
    expect(
      offenders(/11000|isDuplicateKeyError/, (path) => path === 'libs/common/src/database/insert-once.ts'),
    ).toEqual([]);
  });

  it('declares every event handler with @OnEvent, never with a bare @EventPattern', () => {
    expect(offenders(/@EventPattern\(/)).toEqual([]);
  });
});
