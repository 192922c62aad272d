import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

const ROOT = join(__dirname, '../..');

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sources(path);
    return entry.name.endsWith('.ts') ? [relative(ROOT, path)] : [];
  });
}

/** Specs, and the helpers only specs use: a `testing/` folder, and @app/testing itself. */
const testOnly = (path: string) => /\.spec\.ts$/.test(path) || path.split('/').includes('testing');

describe('@app/testing', () => {
  it('is imported by specs and test helpers only, never by code a service runs', () => {
    const production = ['apps', 'libs'].flatMap((dir) => sources(join(ROOT, dir))).filter((path) => !testOnly(path));
    const importers = production.filter((path) =>
      /from '(@app\/testing|[./]+\/libs\/testing)[/']/.test(readFileSync(join(ROOT, path), 'utf8')),
    );

    expect(production.length).toBeGreaterThan(100);
    expect(importers).toEqual([]);
  });
});
