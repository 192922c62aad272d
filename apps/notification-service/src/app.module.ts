import { Module } from '@nestjs/common';
import { ServiceConfigModule } from '@app/common';
import { HealthModule } from '@app/health';

@Module({
  imports: [ServiceConfigModule.forService('notification-service'), HealthModule.forService('notification-service')],
})
export class AppModule {}
