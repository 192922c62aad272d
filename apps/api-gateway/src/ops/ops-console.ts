import { join } from 'node:path';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';

/**
 * Where the build puts the console's files: nest-cli.json copies `ops/public`
 * into dist under its path from the repository root (tsconfig's rootDir).
 */
const PUBLIC_DIR = join(__dirname, 'apps', 'api-gateway', 'src', 'ops', 'public');

/**
 * The operator console at `/ops`: a page, a style sheet and a few ES
 * modules, no build step. The page itself is public (it holds nothing);
 * everything it shows comes from admin APIs that check the caller's token.
 */
export function serveOpsConsole(app: NestFastifyApplication): void {
  app.useStaticAssets({ root: PUBLIC_DIR, prefix: '/ops/', index: 'index.html', decorateReply: false });
  // Relative links in the page (ops.js, ops.css) resolve under /ops/ only.
  app
    .getHttpAdapter()
    .getInstance()
    .get('/ops', (_request, reply) => reply.redirect('/ops/'));
}
