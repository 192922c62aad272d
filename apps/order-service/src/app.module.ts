import { Module } from '@nestjs/common';
import { MetricsModule, ServiceConfigModule } from '@app/common';
import { HealthModule } from '@app/health';

@Module({
  imports: [ServiceConfigModule.forService('order-service'), MetricsModule, HealthModule.forService('order-service')],
})
export class AppModule {}
