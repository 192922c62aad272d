export * from './redis.module';
export * from './read-aside/read-aside-cache.options';
export * from './read-aside/read-aside-cache';
export * from './read-aside/read-aside-cache.module';
export * from './read-aside/cache-generations';
export * from './read-aside/cache-metrics';
export * from './read-aside/single-flight';
