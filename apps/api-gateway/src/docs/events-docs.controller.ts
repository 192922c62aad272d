import { Controller, Get } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { asyncApiDocument } from '@app/events';

/** The events' AsyncAPI 3.0 document, beside the HTTP API's OpenAPI document at /docs-json. */
@ApiExcludeController()
@Controller('docs/events')
export class EventsDocsController {
  private readonly document = asyncApiDocument();

  @Get()
  get(): Record<string, unknown> {
    return this.document;
  }
}
