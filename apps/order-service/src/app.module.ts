import { Module } from '@nestjs/common';
import { ServiceConfigModule } from '@app/common';
import { HealthModule } from '@app/health';

@Module({
  imports: [ServiceConfigModule.forService('order-service'), HealthModule.forService('order-service')],
})
export class AppModule {}
