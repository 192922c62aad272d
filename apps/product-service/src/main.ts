import '@app/tracing/register';
import { bootstrapService } from '@app/common';
import { connectConsumerWithRetry } from '@app/events';
import { AppModule } from './app.module';
import { CatalogHttpCache } from './cache/catalog-http-cache.service';

void bootstrapService('product-service', AppModule, {
  connectConsumer: connectConsumerWithRetry,
  configure: (app) => app.get(CatalogHttpCache).install(app.getHttpAdapter().getInstance()),
});
