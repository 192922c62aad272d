import { DynamicModule, Module, Type } from '@nestjs/common';
import { ConfigModule, ConfigService } from '@nestjs/config';
import { MongooseModule } from '@nestjs/mongoose';
import type { Connection } from 'mongoose';
import { BaseEnv } from './config/base.env';
import { validateEnv } from './config/validate-env';
import { monitorCommands } from './database/command-monitor';
import { RetentionModule } from './database/retention/retention.module';
import { SERVICES, ServiceName } from './services';

export interface ServiceConfigOptions {
  /** The service's environment schema; BaseEnv or a subclass of it. */
  env?: new () => BaseEnv;
}

/**
 * Validated configuration for a service, plus its own MongoDB database when
 * services.json says it owns one (database-per-service), and the
 * RetentionJob that keeps that database bounded.
 */
@Module({})
export class ServiceConfigModule {
  static forService(service: ServiceName, options: ServiceConfigOptions = {}): DynamicModule {
    const database = SERVICES[service].database;
    const imports: Array<Type | DynamicModule | Promise<DynamicModule>> = [
      ConfigModule.forRoot({ isGlobal: true, cache: true, validate: validateEnv(options.env ?? BaseEnv) }),
    ];
    if (database) {
      imports.push(
        MongooseModule.forRootAsync({
          inject: [ConfigService],
          useFactory: (config: ConfigService<BaseEnv, true>) => ({
            uri: config.get('MONGO_URL', { infer: true }),
            dbName: config.get('MONGO_DB', { infer: true }) ?? database,
            serverSelectionTimeoutMS: 10_000,
            // Fail within serverSelectionTimeoutMS while the database is away (a 503), instead of queueing requests.
            bufferCommands: false,
            // A database that is down at start-up is waited for, however long: never a crash loop.
            retryAttempts: Number.MAX_SAFE_INTEGER,
            retryDelay: 2000,
            // Times every command (db_command_duration_seconds) and logs the slow ones.
            monitorCommands: true,
            onConnectionCreate: (connection: Connection) =>
              monitorCommands(connection, config.get('MONGO_SLOW_MS', { infer: true })),
          }),
        }),
        RetentionModule,
      );
    }
    return { module: ServiceConfigModule, imports, exports: [ConfigModule] };
  }
}
