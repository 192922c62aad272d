import '@app/tracing/register';
import { bootstrapService } from '@app/common';
import { AppModule } from './app.module';

void bootstrapService('user-service', AppModule);
