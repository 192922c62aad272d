import { Module } from '@nestjs/common';
import { RedisModule } from '@app/caching';
import { ServiceConfigModule } from '@app/common';
import { HealthModule } from '@app/health';
import { ProductsModule } from './products/products.module';

/** The catalog: admins write products, anyone reads them; every write is announced on Kafka. */
@Module({
  imports: [
    ServiceConfigModule.forService('product-service'),
    RedisModule,
    HealthModule.forService('product-service'),
    ProductsModule,
  ],
})
export class AppModule {}
