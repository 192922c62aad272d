import { Module } from '@nestjs/common';
import { RedisModule } from '@app/caching';
import { MetricsModule, ServiceConfigModule } from '@app/common';
import { HealthModule } from '@app/health';
import { AdminModule } from './admin/admin.module';
import { OpsConsoleController } from './ops/ops-console.controller';
import { DocsModule } from './docs/docs.module';
import { GatewayEnv } from './gateway.env';
import { GatewayHealthController } from './health/gateway-health.controller';
import { GatewayHealthService } from './health/gateway-health.service';
import { ProxyModule } from './proxy/proxy.module';
import { RateLimitModule } from './rate-limit/rate-limit.module';
import { UpstreamsModule } from './upstreams/upstreams.module';

/** The one public entry of the platform. Stateless: rate limits live in Redis. */
@Module({
  imports: [
    ServiceConfigModule.forService('api-gateway', { env: GatewayEnv }),
    RedisModule,
    MetricsModule,
    HealthModule.forService('api-gateway', { controller: false }),
    UpstreamsModule,
    ProxyModule,
    RateLimitModule,
    DocsModule,
    AdminModule,
  ],
  controllers: [GatewayHealthController, OpsConsoleController],
  providers: [GatewayHealthService],
})
export class AppModule {}
