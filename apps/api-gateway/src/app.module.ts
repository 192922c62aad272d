import { Module } from '@nestjs/common';
import { RedisModule } from '@app/caching';
import { ServiceConfigModule } from '@app/common';
import { HealthModule } from '@app/health';
import { GatewayEnv } from './gateway.env';
import { GatewayHealthController } from './health/gateway-health.controller';
import { GatewayHealthService } from './health/gateway-health.service';
import { Upstreams } from './upstreams/upstreams';

/** The one public entry of the platform. Stateless: rate limits and caches live in Redis. */
@Module({
  imports: [
    ServiceConfigModule.forService('api-gateway', { env: GatewayEnv }),
    RedisModule,
    HealthModule.forService('api-gateway', { controller: false }),
  ],
  controllers: [GatewayHealthController],
  providers: [Upstreams, GatewayHealthService],
})
export class AppModule {}
