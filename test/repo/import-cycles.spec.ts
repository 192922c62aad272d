import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

const ROOT = join(__dirname, '../..');

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sources(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts') ? [path] : [];
  });
}

/** The file an import names: a relative path, or `@app/<lib>[/path]` (a lib's barrel or one of its files). */
function target(from: string, specifier: string): string | undefined {
  let base: string;
  if (specifier.startsWith('@app/')) {
    const [, lib, ...rest] = specifier.split('/');
    base = join(ROOT, 'libs', lib, 'src', ...rest);
  } else if (specifier.startsWith('.')) {
    base = resolve(dirname(from), specifier);
  } else {
    return undefined;
  }
  return [`${base}.ts`, join(base, 'index.ts')].find((candidate) => existsSync(candidate));
}

/** Every import loop, type-only imports included, each as the chain of files that closes it. */
function cycles(files: string[]): string[][] {
  const imports = new Map(
    files.map((file) => [
      file,
      [...readFileSync(file, 'utf8').matchAll(/from '([^']+)'/g)]
        .map(([, specifier]) => target(file, specifier))
        .filter((path): path is string => path !== undefined),
    ]),
  );
  const found: string[][] = [];
  const done = new Set<string>();
  const path: string[] = [];
  const visit = (file: string) => {
    path.push(file);
    for (const next of imports.get(file) ?? []) {
      if (path.includes(next)) found.push([...path.slice(path.indexOf(next)), next].map((p) => relative(ROOT, p)));
      else if (!done.has(next)) visit(next);
    }
    path.pop();
    done.add(file);
  };
  for (const file of files) if (!done.has(file)) visit(file);
  return found;
}

describe('imports in apps/ and libs/', () => {
  it('form no loop, so no module can be read before it is defined', () => {
    const files = [...sources(join(ROOT, 'apps')), ...sources(join(ROOT, 'libs'))];

    expect(files.length).toBeGreaterThan(100);
    expect(cycles(files)).toEqual([]);
  });
});
