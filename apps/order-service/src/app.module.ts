import { Module } from '@nestjs/common';
import { MetricsModule, ServiceConfigModule } from '@app/common';
import { EventsModule } from '@app/events';
import { HealthModule } from '@app/health';
import { OrderEnv } from './order.env';
import { OrdersModule } from './orders/orders.module';

/**
 * Takes orders over HTTP, prices them from its own copy of the catalog, and
 * follows each one through payment and inventory to CONFIRMED or CANCELLED.
 */
@Module({
  imports: [
    ServiceConfigModule.forService('order-service', { env: OrderEnv }),
    MetricsModule,
    EventsModule.forService('order-service', { consumer: true }),
    HealthModule.forService('order-service'),
    OrdersModule,
  ],
})
export class AppModule {}
