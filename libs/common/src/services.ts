import registry from './services.json';

/**
 * The one list of CommerceX services. `scripts/` reads the same JSON file, so
 * ports and database names are written down exactly once.
 */
export interface ServiceInfo {
  port: number;
  /** Database this service owns, or null for the stateless gateway. */
  database: string | null;
  /** Talks to Kafka (publishes, consumes or both). */
  kafka: boolean;
  /**
   * Signs in to Kafka as a principal of its own: every service that talks to
   * Kafka, and the gateway, whose admin APIs (dead letters, replay, lag) use
   * Kafka though serving the API does not need it (so `kafka` is false there:
   * its health does not depend on Kafka).
   */
  kafkaPrincipal: boolean;
  /** Whether the app is hybrid: HTTP plus a Kafka consumer group of its own. */
  consumesEvents: boolean;
  redis: boolean;
}

export type ServiceName = keyof typeof registry;

export const SERVICES: Readonly<Record<ServiceName, ServiceInfo>> = registry;

export const SERVICE_NAMES = Object.keys(SERVICES) as ServiceName[];
