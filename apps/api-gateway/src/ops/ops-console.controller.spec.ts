import { join } from 'node:path';
import { readStaticFiles } from '../static-files';

describe('the operator console files', () => {
  const files = readStaticFiles(join(__dirname, 'public'));

  it('holds the page, its style sheet and its modules, each with its type', () => {
    expect(files.get('index.html')?.type).toBe('text/html; charset=utf-8');
    expect(files.get('ops.css')?.type).toBe('text/css; charset=utf-8');
    for (const module of ['ops.js', 'api.js', 'dom.js', 'panels.js'])
      expect(files.get(module)?.type).toBe('text/javascript; charset=utf-8');
  });

  it('links the page to its files by absolute path, since /ops serves it without a trailing slash', () => {
    const page = files.get('index.html')!.body.toString();
    const linked = [...page.matchAll(/(?:href|src)="([^"]+)"/g)].map((m) => m[1]);
    expect(linked).toEqual(['/ops/ops.css', '/ops/ops.js']);
    for (const path of linked) expect(files.has(path.slice('/ops/'.length))).toBe(true);
  });
});
