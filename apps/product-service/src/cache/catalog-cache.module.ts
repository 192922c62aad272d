import { Module } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { ReadAsideCacheModule, ResponseCache } from '@app/caching';
import { ProductEnv } from '../product.env';
import { CatalogCache } from './catalog-cache.service';
import { CatalogHttpCache } from './catalog-http-cache.service';

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
  providers: [CatalogCache, CatalogHttpCache, ResponseCache],
  exports: [CatalogCache, CatalogHttpCache],
})
export class CatalogCacheModule {}
