import { Module } from '@nestjs/common';
import { MetricsModule, ServiceConfigModule } from '@app/common';
import { EventsModule } from '@app/events';
import { HealthModule } from '@app/health';
import { PaymentEnv } from './payment.env';
import { PaymentsModule } from './payments/payments.module';

/**
 * Payments in the order saga: charges each order-created through the payment
 * processor (payment-completed or payment-failed) and refunds on
 * inventory-failed (payment-refunded), each exactly once per order.
 */
@Module({
  imports: [
    ServiceConfigModule.forService('payment-service', { env: PaymentEnv }),
    MetricsModule,
    EventsModule.forService('payment-service', { consumer: true }),
    HealthModule.forService('payment-service'),
    PaymentsModule,
  ],
})
export class AppModule {}
