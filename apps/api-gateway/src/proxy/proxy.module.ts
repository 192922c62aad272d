import { Module } from '@nestjs/common';
import { ResponseCache } from '@app/caching';
import { RateLimitModule } from '../rate-limit/rate-limit.module';
import { UpstreamsModule } from '../upstreams/upstreams.module';
import { EdgeAuthGuard } from './edge-auth.guard';
import { ProxyController } from './proxy.controller';
import { ProxyService } from './proxy.service';

@Module({
  imports: [RateLimitModule, UpstreamsModule],
  controllers: [ProxyController],
  providers: [ProxyService, EdgeAuthGuard, ResponseCache],
})
export class ProxyModule {}
