import { DynamicModule, InjectionToken, Module, ModuleMetadata } from '@nestjs/common';
import { CacheModule } from '@nestjs/cache-manager';
import { RedisModule } from '../redis.module';
import { CacheGenerations } from './cache-generations';
import { createKeyvRedisStore } from './keyv-redis-store';
import { ReadAsideCache } from './read-aside-cache';
import {
  DEFAULT_OPERATION_TIMEOUT_MS,
  READ_ASIDE_CACHE_OPTIONS,
  ReadAsideCacheOptions,
} from './read-aside-cache.options';

export interface ReadAsideCacheModuleOptions {
  imports?: ModuleMetadata['imports'];
  inject?: InjectionToken[];
  useFactory: (...args: any[]) => ReadAsideCacheOptions | Promise<ReadAsideCacheOptions>;
}

/**
 * A ReadAsideCache for one namespace: @nestjs/cache-manager (cache-manager 7)
 * on a Keyv store backed by Redis through @keyv/redis, plus generation
 * counters on the shared REDIS_CLIENT.
 */
@Module({})
export class ReadAsideCacheModule {
  static forRootAsync(options: ReadAsideCacheModuleOptions): DynamicModule {
    return {
      module: ReadAsideCacheModule,
      imports: [
        RedisModule,
        CacheModule.registerAsync({
          imports: options.imports,
          inject: options.inject,
          useFactory: async (...args: unknown[]) => {
            const config = await options.useFactory(...args);
            const timeoutMs = config.operationTimeoutMs ?? DEFAULT_OPERATION_TIMEOUT_MS;
            return { stores: createKeyvRedisStore(config.redisUrl, config.namespace, timeoutMs), ttl: config.ttlMs };
          },
        }),
      ],
      providers: [
        { provide: READ_ASIDE_CACHE_OPTIONS, inject: options.inject ?? [], useFactory: options.useFactory },
        CacheGenerations,
        ReadAsideCache,
      ],
      exports: [ReadAsideCache],
    };
  }
}
