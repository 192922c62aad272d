import '@app/tracing/register';
import { bootstrapService } from '@app/common';
import { connectConsumerWithRetry } from '@app/events';
import { AppModule } from './app.module';

void bootstrapService('product-service', AppModule, { connectConsumer: connectConsumerWithRetry });
