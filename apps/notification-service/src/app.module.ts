import { Module } from '@nestjs/common';
import { MetricsModule, ServiceConfigModule } from '@app/common';
import { HealthModule } from '@app/health';

@Module({
  imports: [
    ServiceConfigModule.forService('notification-service'),
    MetricsModule,
    HealthModule.forService('notification-service'),
  ],
})
export class AppModule {}
