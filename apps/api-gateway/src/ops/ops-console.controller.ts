import { join } from 'node:path';
import { Controller, Get, Header, NotFoundException, Param, Res, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { ClientThrottlerGuard } from '../rate-limit/client-throttler.guard';
import { StaticFile, readStaticFiles } from '../static-files';

/**
 * Where the build puts the console's files: nest-cli.json copies `ops/public`
 * into dist under its path from the repository root (tsconfig's rootDir).
 */
export const OPS_PUBLIC_DIR = join(__dirname, 'apps', 'api-gateway', 'src', 'ops', 'public');

/**
 * The operator console at `/ops`, counted by the rate limit like every
 * public route. The page itself is public (it holds nothing); everything it
 * shows comes from admin APIs that check the caller's token.
 */
@ApiExcludeController()
@Controller('ops')
@UseGuards(ClientThrottlerGuard)
export class OpsConsoleController {
  private readonly files = readStaticFiles(OPS_PUBLIC_DIR);

  @Get()
  @Header('content-type', 'text/html; charset=utf-8')
  page(): StaticFile['body'] {
    return this.files.get('index.html')!.body;
  }

  @Get(':file')
  file(@Param('file') name: string, @Res({ passthrough: true }) reply: FastifyReply): StaticFile['body'] {
    const file = this.files.get(name);
    if (!file) throw new NotFoundException(`Cannot GET /ops/${name}`);
    void reply.header('content-type', file.type);
    return file.body;
  }
}
