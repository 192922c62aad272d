import { Module } from '@nestjs/common';
import { ServiceConfigModule } from '@app/common';
import { HealthModule } from '@app/health';

@Module({
  imports: [ServiceConfigModule.forService('payment-service'), HealthModule.forService('payment-service')],
})
export class AppModule {}
