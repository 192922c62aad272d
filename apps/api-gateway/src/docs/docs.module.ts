import { Module } from '@nestjs/common';
import { UpstreamsModule } from '../upstreams/upstreams.module';
import { ApiDocsService } from './api-docs.service';
import { EventsDocsController } from './events-docs.controller';

@Module({
  imports: [UpstreamsModule],
  controllers: [EventsDocsController],
  providers: [ApiDocsService],
  exports: [ApiDocsService],
})
export class DocsModule {}
