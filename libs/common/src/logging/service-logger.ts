import { join } from 'node:path';
import { LoggerService } from '@nestjs/common';
import { WinstonModule } from 'nest-winston';
import { format, transports } from 'winston';

export interface ServiceLoggerOptions {
  service: string;
  level?: string;
  dir?: string;
  instanceId?: string;
}

/**
 * JSON lines to the console and to `logs/<service>.log`, each line carrying
 * timestamp, level, service and message.
 */
export function createServiceLogger(options: ServiceLoggerOptions): LoggerService {
  const { service, level = 'info', dir = 'logs', instanceId } = options;
  const fileName = instanceId ? `${service}-${instanceId}.log` : `${service}.log`;
  const json = format.combine(format.timestamp(), format.errors({ stack: true }), format.json());
  return WinstonModule.createLogger({
    level,
    defaultMeta: instanceId ? { service, instance: instanceId } : { service },
    format: json,
    transports: [new transports.Console(), new transports.File({ filename: join(dir, fileName) })],
  });
}
