import { Controller, Get, Header, NotFoundException, Param, Res, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { ClientThrottlerGuard } from '../rate-limit/client-throttler.guard';
import { ApiDocsService } from './api-docs.service';
import { SWAGGER_UI_PAGE, swaggerUiFile } from './swagger-ui';

/**
 * The API's OpenAPI document at /docs-json and Swagger UI at /docs, counted by the rate limit like
 * /api: the document is merged from every service's, and the UI's script is 1.5 MB.
 */
@ApiExcludeController()
@Controller()
@UseGuards(ClientThrottlerGuard)
export class ApiDocsController {
  constructor(private readonly docs: ApiDocsService) {}

  @Get('docs-json')
  @Header('content-type', 'application/json; charset=utf-8')
  document(): Promise<string> {
    return this.docs.json();
  }

  @Get('docs')
  @Header('content-type', 'text/html; charset=utf-8')
  page(): string {
    return SWAGGER_UI_PAGE;
  }

  @Get('docs/:file')
  file(@Param('file') name: string, @Res({ passthrough: true }) reply: FastifyReply): string | Buffer {
    const file = swaggerUiFile(name);
    if (!file) throw new NotFoundException(`Cannot GET /docs/${name}`);
    // The files change only with the package: a browser need not ask again for a day.
    void reply.header('content-type', file.type).header('cache-control', 'public, max-age=86400');
    return file.body;
  }
}
