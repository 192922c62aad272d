import { Module } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { ReadAsideCacheModule } from '@app/caching';
import { ProductEnv } from '../product.env';
import { CatalogCache } from './catalog-cache.service';

@Module({
  imports: [
    ReadAsideCacheModule.forRootAsync({
      inject: [ConfigService],
      useFactory: (config: ConfigService<ProductEnv, true>) => ({
        namespace: 'catalog',
        ttlMs: config.get('CATALOG_CACHE_TTL_MS', { infer: true }),
        redisUrl: config.get('REDIS_URL', { infer: true }),
      }),
    }),
  ],
  providers: [CatalogCache],
  exports: [CatalogCache],
})
export class CatalogCacheModule {}
