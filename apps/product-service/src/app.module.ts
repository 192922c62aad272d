import { Module } from '@nestjs/common';
import { RedisModule } from '@app/caching';
import { MetricsModule, ServiceConfigModule } from '@app/common';
import { EventsModule } from '@app/events';
import { HealthModule } from '@app/health';
import { ProductsModule } from './products/products.module';

/** The catalog: admins write products, anyone reads them; every write is announced on Kafka. */
@Module({
  imports: [
    ServiceConfigModule.forService('product-service'),
    MetricsModule,
    EventsModule.forService('product-service', { consumer: true }),
    RedisModule,
    HealthModule.forService('product-service'),
    ProductsModule,
  ],
})
export class AppModule {}
