import { Module } from '@nestjs/common';
import { ServiceConfigModule } from '@app/common';
import { HealthModule } from '@app/health';

@Module({
  imports: [ServiceConfigModule.forService('user-service'), HealthModule.forService('user-service')],
})
export class AppModule {}
