import { Injectable, Logger } from '@nestjs/common';
import type { OpenAPIObject } from '@nestjs/swagger';
import { AllowedMethods, declareError, operations, withErrorBodies } from '@app/common';
import { UpstreamName, Upstreams } from '../upstreams/upstreams';
import { API_PREFIX, API_ROUTES } from '../proxy/routes';

const CACHE_MS = 30_000;
const PARTIAL_CACHE_MS = 2_000;
const FETCH_TIMEOUT_MS = 2000;

type ServiceDocs = Map<UpstreamName, OpenAPIObject>;

/**
 * The platform's OpenAPI document: each service describes its own routes at
 * /docs-json, and the gateway republishes the public ones under /api, with
 * what the gateway adds to each (429 from its rate limit). The same paths
 * tell the gateway which methods a known /api path allows (405 otherwise).
 */
@Injectable()
export class ApiDocsService {
  private readonly logger = new Logger(ApiDocsService.name);
  private cached?: { at: number; docs: Promise<ServiceDocs> };
  private readonly allowed = new WeakMap<ServiceDocs, AllowedMethods>();
  private table?: AllowedMethods;
  private gateway?: OpenAPIObject;
  private readonly published = new WeakMap<ServiceDocs, string>();

  constructor(private readonly upstreams: Upstreams) {}

  /** The document of the gateway's own routes, which main.ts makes once they are all known. */
  useGatewayDocument(document: OpenAPIObject): void {
    this.gateway = document;
  }

  /**
   * The merged document as JSON text, built once per set of service documents fetched (so at most
   * once per CACHE_MS, not once per request) and served as it is.
   */
  async json(): Promise<string> {
    const gateway = this.gateway;
    if (!gateway) throw new Error("the gateway's own document is not made yet (main.ts: useGatewayDocument)");
    const docs = await this.serviceDocs();
    let json = this.published.get(docs);
    if (json === undefined) {
      json = JSON.stringify(this.merge(gateway, docs));
      this.published.set(docs, json);
    }
    return json;
  }

  private merge(gateway: OpenAPIObject, docs: ServiceDocs): OpenAPIObject {
    const merged: OpenAPIObject = {
      ...gateway,
      info: { ...gateway.info, title: 'CommerceX API' },
      paths: { ...gateway.paths },
      components: { ...gateway.components, schemas: { ...gateway.components?.schemas } },
      tags: [...(gateway.tags ?? [])],
    };
    for (const [service, doc] of docs) {
      for (const [path, item] of this.publicPaths(service, doc)) merged.paths[`${API_PREFIX}${path}`] = item;
      Object.assign(merged.components!.schemas!, doc.components?.schemas);
      for (const tag of doc.tags ?? []) if (!merged.tags!.some((t) => t.name === tag.name)) merged.tags!.push(tag);
    }
    for (const [path, , op] of operations(merged)) {
      if (!path.startsWith(`${API_PREFIX}/`)) continue;
      declareError(op, '429', 'Too many requests from this client (gateway rate limit); see Retry-After');
      withErrorBodies(op);
    }
    return merged;
  }

  /**
   * The methods the API declares for an /api path, or [] for a path it does not know, from the
   * documents at hand: a request never waits for them to be fetched (a refresh, when they are stale,
   * runs beside it). Until they first arrive every method is forwarded, and the service answers 405.
   */
  allowedMethods(path: string): string[] {
    void this.serviceDocs().then((docs) => this.tableOf(docs));
    return this.table?.of(path) ?? [];
  }

  private tableOf(docs: ServiceDocs): void {
    let table = this.allowed.get(docs);
    if (!table) {
      table = new AllowedMethods();
      for (const [service, doc] of docs) {
        for (const [path, item] of this.publicPaths(service, doc)) {
          const methods = Object.keys(item).filter((key) => /^(get|put|post|delete|patch|options|head)$/.test(key));
          if (methods.includes('get')) methods.push('head');
          table.add(`${API_PREFIX}${path.replace(/\{([^}]+)\}/g, ':$1')}`, methods);
        }
      }
      this.allowed.set(docs, table);
    }
    this.table = table;
  }

  private publicPaths(service: UpstreamName, doc: OpenAPIObject): [string, OpenAPIObject['paths'][string]][] {
    return Object.entries(doc.paths).filter(([path]) => API_ROUTES[path.split('/')[1]]?.service === service);
  }

  /**
   * One fetch at a time, kept CACHE_MS; a partial set (a service down) only PARTIAL_CACHE_MS, so a
   * service that comes back is picked up soon, without a fetch per request while it is down.
   */
  private serviceDocs(): Promise<ServiceDocs> {
    if (this.cached && Date.now() - this.cached.at < CACHE_MS) return this.cached.docs;
    const docs = this.fetchServiceDocs();
    const cached = { at: Date.now(), docs };
    this.cached = cached;
    void docs.then((got) => {
      if (got.size < this.upstreams.names.length) cached.at = Date.now() - CACHE_MS + PARTIAL_CACHE_MS;
    });
    return docs;
  }

  private async fetchServiceDocs(): Promise<ServiceDocs> {
    const docs: ServiceDocs = new Map();
    await Promise.all(
      this.upstreams.names.map(async (name) => {
        try {
          const res = await fetch(`${this.upstreams.url(name)}/docs-json`, {
            signal: AbortSignal.timeout(FETCH_TIMEOUT_MS),
          });
          if (res.ok) docs.set(name, (await res.json()) as OpenAPIObject);
        } catch (error) {
          this.logger.warn(`no API document from ${name}: ${(error as Error).message}`);
        }
      }),
    );
    return docs;
  }
}
