import { randomUUID } from 'node:crypto';
import { IsISO8601, IsInt, IsUUID, Min } from 'class-validator';

/** Fields every event carries, whatever its topic. */
export abstract class BaseEvent {
  @IsUUID()
  eventId: string;

  @IsInt()
  @Min(1)
  version: number;

  @IsISO8601({ strict: true })
  occurredAt: string;
}

export type EventFields<E extends BaseEvent> = Omit<E, keyof BaseEvent>;

/** Stamps a new event with its id, schema version and time. */
export function newEvent<E extends BaseEvent>(fields: EventFields<E>, version = 1): E {
  return { eventId: randomUUID(), version, occurredAt: new Date().toISOString(), ...fields } as E;
}
