import { UpstreamName } from '../upstreams/upstreams';

/** Who may call a route family at the edge; services still check roles themselves. */
export enum EdgeAccess {
  /** Anyone. */
  Public = 'public',
  /** Reads are public; any other method needs a valid token. */
  PublicReads = 'public-reads',
  /** A valid token for every method. */
  Authenticated = 'authenticated',
}

export interface ApiRoute {
  service: UpstreamName;
  access: EdgeAccess;
  /** Its service keeps whole public GET answers in the shared ResponseCache, which the gateway serves too. */
  cachedReads?: true;
}

/**
 * `/api/<segment>/…` is forwarded to `<service>/<segment>/…` (the `/api`
 * prefix dropped): the public API of SPEC §4, keyed by its first path segment.
 */
export const API_ROUTES: Readonly<Record<string, ApiRoute>> = {
  auth: { service: 'user-service', access: EdgeAccess.Public },
  users: { service: 'user-service', access: EdgeAccess.Authenticated },
  products: { service: 'product-service', access: EdgeAccess.PublicReads, cachedReads: true },
  orders: { service: 'order-service', access: EdgeAccess.Authenticated },
  payments: { service: 'payment-service', access: EdgeAccess.Authenticated },
  inventory: { service: 'inventory-service', access: EdgeAccess.PublicReads },
  notifications: { service: 'notification-service', access: EdgeAccess.Authenticated },
};

export const API_PREFIX = '/api';

/** The route for a request URL, or undefined when the API has no such route family. */
export function routeFor(url: string): ApiRoute | undefined {
  const segment = url.slice(API_PREFIX.length + 1).split(/[/?#]/, 1)[0];
  return Object.hasOwn(API_ROUTES, segment) ? API_ROUTES[segment] : undefined;
}

export function needsToken(route: ApiRoute, method: string): boolean {
  switch (route.access) {
    case EdgeAccess.Public:
      return false;
    case EdgeAccess.PublicReads:
      return method !== 'GET' && method !== 'HEAD';
    case EdgeAccess.Authenticated:
      return true;
  }
}
