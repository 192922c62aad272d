import { Module } from '@nestjs/common';
import { UpstreamsModule } from '../upstreams/upstreams.module';
import { ApiDocsService } from './api-docs.service';

@Module({ imports: [UpstreamsModule], providers: [ApiDocsService], exports: [ApiDocsService] })
export class DocsModule {}
