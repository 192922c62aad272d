import { join } from 'node:path';
import { LoggerService } from '@nestjs/common';
import { trace } from '@opentelemetry/api';
import { WinstonModule } from 'nest-winston';
import { format, transports } from 'winston';
import { correlation } from '../correlation';

export interface ServiceLoggerOptions {
  service: string;
  level?: string;
  dir?: string;
  instanceId?: string;
}

/**
 * Stamps each line with the correlation id of the work in progress (HTTP
 * request or Kafka event) and, when tracing, its trace and span ids.
 */
const withCorrelationId = format((info) => {
  if (info.correlationId === undefined) {
    const id = correlation.id();
    if (id) info.correlationId = id;
  }
  const span = trace.getActiveSpan()?.spanContext();
  if (span && info.trace_id === undefined) {
    info.trace_id = span.traceId;
    info.span_id = span.spanId;
  }
  return info;
});

/**
 * JSON lines to the console and to `logs/<service>.log`, each carrying
 * timestamp, level, service, correlationId (when there is one), trace_id and
 * span_id (when tracing) and message.
 */
export function createServiceLogger(options: ServiceLoggerOptions): LoggerService {
  const { service, level = 'info', dir = 'logs', instanceId } = options;
  const fileName = instanceId ? `${service}-${instanceId}.log` : `${service}.log`;
  const json = format.combine(withCorrelationId(), format.timestamp(), format.errors({ stack: true }), format.json());
  return WinstonModule.createLogger({
    level,
    defaultMeta: instanceId ? { service, instance: instanceId } : { service },
    format: json,
    transports: [new transports.Console(), new transports.File({ filename: join(dir, fileName) })],
  });
}
