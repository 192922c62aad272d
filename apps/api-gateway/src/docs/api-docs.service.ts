import { Injectable, Logger } from '@nestjs/common';
import type { OpenAPIObject } from '@nestjs/swagger';
import { UpstreamName, Upstreams } from '../upstreams/upstreams';
import { API_PREFIX, API_ROUTES } from '../proxy/routes';

const CACHE_MS = 30_000;
const FETCH_TIMEOUT_MS = 2000;

/**
 * The platform's OpenAPI document: each service describes its own routes at
 * /docs-json, and the gateway republishes the public ones under /api.
 */
@Injectable()
export class ApiDocsService {
  private readonly logger = new Logger(ApiDocsService.name);
  private cached?: { at: number; docs: Map<UpstreamName, OpenAPIObject> };

  constructor(private readonly upstreams: Upstreams) {}

  async merge(gateway: OpenAPIObject): Promise<OpenAPIObject> {
    const docs = await this.serviceDocs();
    const merged: OpenAPIObject = {
      ...gateway,
      info: { ...gateway.info, title: 'CommerceX API' },
      paths: { ...gateway.paths },
      components: { ...gateway.components, schemas: { ...gateway.components?.schemas } },
      tags: [...(gateway.tags ?? [])],
    };
    for (const [service, doc] of docs) {
      for (const [path, item] of Object.entries(doc.paths)) {
        const family = path.split('/')[1];
        if (API_ROUTES[family]?.service === service) merged.paths[`${API_PREFIX}${path}`] = item;
      }
      Object.assign(merged.components!.schemas!, doc.components?.schemas);
      for (const tag of doc.tags ?? []) if (!merged.tags!.some((t) => t.name === tag.name)) merged.tags!.push(tag);
    }
    return merged;
  }

  private async serviceDocs(): Promise<Map<UpstreamName, OpenAPIObject>> {
    if (this.cached && Date.now() - this.cached.at < CACHE_MS) return this.cached.docs;
    const docs = new Map<UpstreamName, OpenAPIObject>();
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
    // A partial document is served but not cached, so a service that comes back is picked up at once.
    if (docs.size === this.upstreams.names.length) this.cached = { at: Date.now(), docs };
    return docs;
  }
}
