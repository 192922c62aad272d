import { readFileSync, readdirSync } from 'node:fs';
import { extname, join } from 'node:path';

/** A file the gateway serves as it is: the operator console's, Swagger UI's. */
export interface StaticFile {
  type: string;
  body: string | Buffer;
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
};

/** The type a served file is sent with, by its extension. */
export const typeOf = (name: string): string | undefined => TYPES[extname(name)];

/**
 * Reads `names` from `dir` (by default every page, script and style sheet in
 * it) once, to be served from memory: they change only with a build or a package.
 */
export function readStaticFiles(dir: string, names = readdirSync(dir)): Map<string, StaticFile> {
  return new Map(
    names
      .filter((name) => typeOf(name) !== undefined)
      .map((name) => [name, { type: typeOf(name)!, body: readFileSync(join(dir, name)) }]),
  );
}
