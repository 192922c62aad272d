import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

const ROOT = join(__dirname, '../..');

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sources(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts') ? [path] : [];
  });
}

describe('@app/common', () => {
  it('depends on no other lib, so that every lib may depend on it', () => {
    const importers = sources(join(ROOT, 'libs/common/src'))
      .filter((path) =>
        /from '(@app\/(?!common\b)[a-z-]+|[./]+\/(?!common\/)[a-z-]+\/src)/.test(readFileSync(path, 'utf8')),
      )
      .map((path) => relative(ROOT, path));

    expect(importers).toEqual([]);
  });
});
