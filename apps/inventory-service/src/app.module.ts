import { Module } from '@nestjs/common';
import { MetricsModule, ServiceConfigModule } from '@app/common';
import { EventsModule } from '@app/events';
import { HealthModule } from '@app/health';
import { StockModule } from './stock/stock.module';

/** Owns stock: opens a record for each new product and answers stock look-ups. */
@Module({
  imports: [
    ServiceConfigModule.forService('inventory-service'),
    MetricsModule,
    EventsModule.forService('inventory-service', { consumer: true }),
    HealthModule.forService('inventory-service'),
    StockModule,
  ],
})
export class AppModule {}
