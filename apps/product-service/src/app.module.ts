import { Module } from '@nestjs/common';
import { RedisModule } from '@app/caching';
import { MetricsModule, ServiceConfigModule } from '@app/common';
import { EventsModule } from '@app/events';
import { HealthModule } from '@app/health';
import { ProductEnv } from './product.env';
import { ProductsModule } from './products/products.module';
import { StockModule } from './stock/stock.module';

/**
 * The catalog: admins write products, anyone reads them through a Redis
 * read-aside cache. Every write is a revision whose event (product-created,
 * -updated, -deleted) leaves through the outbox; inventory-stock-changed
 * keeps the stock each product shows.
 */
@Module({
  imports: [
    ServiceConfigModule.forService('product-service', { env: ProductEnv }),
    MetricsModule,
    EventsModule.forService('product-service', { consumer: true }),
    RedisModule,
    HealthModule.forService('product-service'),
    ProductsModule,
    StockModule,
  ],
})
export class AppModule {}
