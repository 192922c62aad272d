import { Logger } from '@nestjs/common';
import type { Connection } from 'mongoose';
import { Histogram } from 'prom-client';

export const dbCommandDuration = new Histogram({
  name: 'db_command_duration_seconds',
  help: 'Database command duration by command, collection and outcome',
  labelNames: ['command', 'collection', 'outcome'],
  buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
});

/** Commands whose first field names a collection; the rest (hello, ping…) are timed under collection "". */
const COLLECTION_COMMANDS = new Set([
  'find',
  'insert',
  'update',
  'delete',
  'count',
  'aggregate',
  'findAndModify',
  'distinct',
  'createIndexes',
  'listIndexes',
]);

interface Started {
  command: string;
  collection: string;
  filter: string;
}

interface CommandEvent {
  requestId: number;
  commandName: string;
  duration?: number;
  command?: Record<string, unknown>;
}

/**
 * Times every command on a connection (the driver's command monitoring, so
 * `monitorCommands: true` must be set) into db_command_duration_seconds, and
 * logs each one slower than `slowMs` with the shape of its filter: field
 * names and operators, never values. That shape is what tells a lookup by
 * _id from a query the database answers by scanning.
 */
export function monitorCommands(connection: Connection, slowMs: number): void {
  const logger = new Logger('Database');
  const inFlight = new Map<number, Started>();
  const client = connection.getClient();

  client.on('commandStarted', (event: CommandEvent) => {
    const command = event.command ?? {};
    // The driver hides the body of some commands (authentication): those have no collection to name.
    const named = COLLECTION_COMMANDS.has(event.commandName) ? command[event.commandName] : undefined;
    const collection = typeof named === 'string' ? named : '';
    inFlight.set(event.requestId, { command: event.commandName, collection, filter: filterShape(command) });
  });

  const finish = (outcome: 'ok' | 'error') => (event: CommandEvent) => {
    const started = inFlight.get(event.requestId);
    if (!started) return;
    inFlight.delete(event.requestId);
    const ms = event.duration ?? 0;
    dbCommandDuration.observe({ command: started.command, collection: started.collection, outcome }, ms / 1000);
    if (slowMs > 0 && ms >= slowMs) {
      logger.warn({
        message: `slow database command: ${started.command} ${started.collection} ${started.filter}`.trimEnd(),
        durationMs: Math.round(ms),
        command: started.command,
        collection: started.collection,
        filter: started.filter,
      });
    }
  };
  client.on('commandSucceeded', finish('ok'));
  client.on('commandFailed', finish('error'));
}

/** `{ a: 1, b: { $in: [...] } }` → `{a, b: $in}`; empty for commands without a filter. */
export function filterShape(command: Record<string, unknown>): string {
  const first = (list: unknown, field: string) =>
    Array.isArray(list) && list.length > 0 ? (list[0] as Record<string, unknown>)[field] : undefined;
  const pipeline = command.pipeline as Array<Record<string, unknown>> | undefined;
  const filter =
    command.filter ??
    command.query ??
    first(command.updates, 'q') ??
    first(command.deletes, 'q') ??
    pipeline?.find((stage) => '$match' in stage)?.$match;
  if (!filter || typeof filter !== 'object') return '';
  return `{${shapeOf(filter as Record<string, unknown>)}}`;
}

function shapeOf(filter: Record<string, unknown>): string {
  return Object.entries(filter)
    .map(([field, value]) => {
      const operators = isOperatorDocument(value) ? Object.keys(value as object).join(' ') : '';
      return operators ? `${field}: ${operators}` : field;
    })
    .join(', ');
}

function isOperatorDocument(value: unknown): boolean {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return false;
  const keys = Object.keys(value);
  return keys.length > 0 && keys.every((key) => key.startsWith('$'));
}
