import { Controller, Get, Header, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { asyncApiDocument } from '@app/events';
import { ClientThrottlerGuard } from '../rate-limit/client-throttler.guard';

/** The events' AsyncAPI 3.0 document, beside the HTTP API's OpenAPI document at /docs-json, rate-limited like it. */
@ApiExcludeController()
@Controller('docs/events')
@UseGuards(ClientThrottlerGuard)
export class EventsDocsController {
  // It depends on the code alone: made and serialised once.
  private readonly json = JSON.stringify(asyncApiDocument());

  @Get()
  @Header('content-type', 'application/json; charset=utf-8')
  get(): string {
    return this.json;
  }
}
