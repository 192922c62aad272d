import { Module } from '@nestjs/common';
import { RateLimitModule } from '../rate-limit/rate-limit.module';
import { UpstreamsModule } from '../upstreams/upstreams.module';
import { ApiDocsController } from './api-docs.controller';
import { ApiDocsService } from './api-docs.service';
import { EventsDocsController } from './events-docs.controller';

@Module({
  imports: [UpstreamsModule, RateLimitModule],
  controllers: [ApiDocsController, EventsDocsController],
  providers: [ApiDocsService],
  exports: [ApiDocsService],
})
export class DocsModule {}
