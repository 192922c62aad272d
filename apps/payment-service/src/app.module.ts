import { Module } from '@nestjs/common';
import { MetricsModule, ServiceConfigModule } from '@app/common';
import { HealthModule } from '@app/health';

@Module({
  imports: [
    ServiceConfigModule.forService('payment-service'),
    MetricsModule,
    HealthModule.forService('payment-service'),
  ],
})
export class AppModule {}
