import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

/** Methods a 405 may name in its `Allow` header, in the order they are listed. */
const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'] as const;

/** `/products/:id` → a regular expression for the paths it serves. */
function pathPattern(url: string): RegExp {
  const source = url
    .split('/')
    .map((segment) =>
      segment === '*' ? '.*' : segment.startsWith(':') ? '[^/]+' : segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'),
    )
    .join('/');
  return new RegExp(`^${source}/?$`);
}

/** What a known path serves: a route table to ask which methods a path has. */
export class AllowedMethods {
  private readonly routes: { pattern: RegExp; method: string }[] = [];

  add(url: string, methods: string | string[]): void {
    for (const method of [methods].flat())
      this.routes.push({ pattern: pathPattern(url), method: method.toUpperCase() });
  }

  /** The methods some route serves on this path, or [] for a path nobody serves. */
  of(path: string): string[] {
    const served = new Set(this.routes.filter((r) => r.pattern.test(path)).map((r) => r.method));
    return METHODS.filter((method) => served.has(method));
  }
}

/**
 * Answers a request for a known path with a method it does not serve with
 * 405 and `Allow` (RFC 9110), instead of 404: the path exists, the method
 * does not. Runs first (onRequest), so a body never matters: QUERY or TRACE
 * with a body gets the same 405.
 */
export function refuseUndeclaredMethods(
  fastify: FastifyInstance,
  allowedFor: (request: FastifyRequest) => string[] | Promise<string[]>,
): void {
  fastify.addHook('onRequest', async (request: FastifyRequest, reply: FastifyReply) => {
    const allowed = await allowedFor(request);
    if (allowed.length === 0 || allowed.includes(request.method)) return;
    await reply
      .code(405)
      .header('allow', allowed.join(', '))
      .send({
        statusCode: 405,
        message: `${request.method} is not allowed on ${pathOf(request)}; allowed: ${allowed.join(', ')}`,
        error: 'Method Not Allowed',
      });
  });
}

export function pathOf(request: FastifyRequest): string {
  return request.url.split('?', 1)[0];
}

/**
 * For a service: the routes Nest registers, collected as they are; a request
 * that matched none (Fastify's 404 route) but whose path some route serves
 * gets a 405. Call before the app is initialised.
 */
export function refuseUndeclaredMethodsOnRoutes(fastify: FastifyInstance): void {
  const routes = new AllowedMethods();
  fastify.addHook('onRoute', (route) => routes.add(route.url, route.method));
  refuseUndeclaredMethods(fastify, (request) => (request.is404 ? routes.of(pathOf(request)) : []));
}
