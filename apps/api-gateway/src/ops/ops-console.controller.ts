import { readFileSync, readdirSync } from 'node:fs';
import { extname, join } from 'node:path';
import { Controller, Get, Header, NotFoundException, Param, Res, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { ClientThrottlerGuard } from '../rate-limit/client-throttler.guard';

/**
 * Where the build puts the console's files: nest-cli.json copies `ops/public`
 * into dist under its path from the repository root (tsconfig's rootDir).
 */
export const OPS_PUBLIC_DIR = join(__dirname, 'apps', 'api-gateway', 'src', 'ops', 'public');

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
};

/** The console's files, read once: a page, a style sheet and a few ES modules, no build step. */
export function loadOpsFiles(dir = OPS_PUBLIC_DIR): Map<string, { type: string; body: Buffer }> {
  return new Map(
    readdirSync(dir)
      .filter((name) => Object.hasOwn(TYPES, extname(name)))
      .map((name) => [name, { type: TYPES[extname(name)], body: readFileSync(join(dir, name)) }]),
  );
}

/**
 * The operator console at `/ops`, counted by the rate limit like every
 * public route. The page itself is public (it holds nothing); everything it
 * shows comes from admin APIs that check the caller's token.
 */
@ApiExcludeController()
@Controller('ops')
@UseGuards(ClientThrottlerGuard)
export class OpsConsoleController {
  private readonly files = loadOpsFiles();

  @Get()
  @Header('content-type', TYPES['.html'])
  page(): Buffer {
    return this.files.get('index.html')!.body;
  }

  @Get(':file')
  file(@Param('file') name: string, @Res({ passthrough: true }) reply: FastifyReply): Buffer {
    const file = this.files.get(name);
    if (!file) throw new NotFoundException(`Cannot GET /ops/${name}`);
    void reply.header('content-type', file.type);
    return file.body;
  }
}
