export * from './services';
export * from './config/base.env';
export * from './config/validate-env';
export * from './logging/service-logger';
export * from './bootstrap/bootstrap-service';
export * from './app-config.module';
export * from './http/mongo-id.pipe';
